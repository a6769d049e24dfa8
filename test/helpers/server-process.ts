// A server started the way operators start it — the CLI in its own process — for tests that need several
// instances. It reports its port through its JSON "listening" log line (port 0 picks a free one).

import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { repoRoot } from "./documents.js";

export interface ServerProcess {
  url: string;
  /** SIGTERM, then waits for the exit (the server finishes in-flight requests and closes the database). */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits for the exit: no clean close, no checkpoint. */
  kill(): Promise<void>;
}

export async function startServerProcess(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "server/cli.ts", "serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "info", ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // Not left running after a failed start.
      reject(new Error(`server did not start within 60 s: ${stderr}`));
    }, 60_000);
    lines.on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === "listening" && entry.port) {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // Not a log line.
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
  });
  lines.on("line", () => {}); // Keep reading, so that a full pipe never blocks the server.
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
