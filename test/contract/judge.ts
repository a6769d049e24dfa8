// The independent judge: Stoplight Prism in proxy mode in front of the server, and a small recording proxy
// in front of Prism that reads Prism's verdict (its `sl-violations` header) on Prism's side of the wire.
// Clients call the recorder with their own default transport, so the judged run exercises the real client.
// A response violation is always a failure; a request violation is a failure unless the test sent that
// request invalid on purpose (`sendingInvalid`), and such a request must be flagged.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { repoRoot } from "../helpers/documents.js";

interface Violation {
  location: string[];
  severity: string;
  message: string;
}

type Intent = "invalid" | "outside the spec";
// A file's tests send one request at a time, so the next request to reach the recorder is the marked one.
let pending: Intent | undefined;

async function marking<T>(kind: Intent, send: () => Promise<T>): Promise<T> {
  pending = kind;
  try {
    return await send();
  } finally {
    pending = undefined;
  }
}

/** Runs `send` with its first request marked as invalid on purpose: the judge must flag that request. */
export function sendingInvalid<T>(send: () => Promise<T>): Promise<T> {
  return marking("invalid", send);
}

/**
 * Runs `send` with its first request marked as one that no operation describes (a wrong method, an unknown
 * path): Prism has nothing to judge it against and passes it through unjudged.
 */
export function sendingOutsideTheSpec<T>(send: () => Promise<T>): Promise<T> {
  return marking("outside the spec", send);
}

/** A free loopback port (Prism needs one before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface Judge {
  /** The recorder's URL: where clients call, and the server's public URL (so that job polls are judged too). */
  url: string;
  /** Starts Prism in front of `upstream`; the recorder forwards to it from then on. */
  startPrism(document: string, upstream: string): Promise<void>;
  /** What went wrong since the last call, cleared by the call. */
  takeProblems(): string[];
  close(): Promise<void>;
}

/** The recorder; it listens at once so that the server can be told its public URL before Prism starts. */
export async function startJudge(): Promise<Judge> {
  const prismPort = await freePort();
  const problems: string[] = [];
  let prism: ChildProcess | undefined;

  const recorder = createHttpServer((incoming, outgoing) => {
    const marked = pending;
    pending = undefined;
    const forward = httpRequest(
      { host: "127.0.0.1", port: prismPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        if (marked !== "outside the spec")
          judge(
            marked === "invalid",
            `${incoming.method} ${incoming.url?.split("?")[0]} → ${answer.statusCode}`,
            answer.headers["sl-violations"],
          );
        outgoing.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", (error) => {
      problems.push(`${incoming.method} ${incoming.url}: Prism did not answer: ${error.message}`);
      outgoing.destroy();
    });
    incoming.pipe(forward);
  });

  function judge(invalidOnPurpose: boolean, where: string, header: string | string[] | undefined): void {
    const violations: Violation[] = JSON.parse(typeof header === "string" ? header : "[]");
    const errors = violations.filter((v) => v.severity === "Error");
    const requestErrors = errors.filter((v) => v.location[0] === "request");
    for (const v of errors.filter((v) => v.location[0] === "response"))
      problems.push(`${where}: response violation: ${v.message}`);
    if (!invalidOnPurpose)
      for (const v of requestErrors) problems.push(`${where}: request violation in a valid request: ${v.message}`);
    if (invalidOnPurpose && requestErrors.length === 0)
      problems.push(`${where}: Prism did not flag a request sent invalid on purpose`);
  }

  await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
  const { port } = recorder.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async startPrism(document, upstream) {
      prism = await spawnPrism(document, upstream, prismPort);
    },
    takeProblems: () => problems.splice(0),
    async close() {
      recorder.closeAllConnections();
      await new Promise((resolve) => recorder.close(resolve));
      const child = prism;
      if (!child || child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}

async function spawnPrism(document: string, upstream: string, port: number): Promise<ChildProcess> {
  const cli = join(repoRoot, "node_modules/@stoplight/prism-cli/dist/index.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, "proxy", document, upstream, "--port", String(port), "--host", "127.0.0.1", "--errors", "false"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SCARF_ANALYTICS: "false" },
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`Prism exited (${code}):\n${output}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}
