// The independent judge: Stoplight Prism in proxy mode in front of the server. Prism checks every request
// and response against the published document and reports violations in its `sl-violations` header.
// A response violation is always a failure; a request violation is a failure unless the test sent that
// request invalid on purpose (`sendingInvalid`), and such a request must be flagged.
import { AsyncLocalStorage } from "node:async_hooks";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { repoRoot } from "../helpers/documents.js";

interface Violation {
  location: string[];
  severity: string;
  message: string;
}

type Intent = "invalid" | "outside the spec";
const intent = new AsyncLocalStorage<{ kind: Intent; requestsLeft: number }>();

/** Runs `send` with its first request marked as invalid on purpose: the judge must flag that request. */
export function sendingInvalid<T>(send: () => Promise<T>): Promise<T> {
  return intent.run({ kind: "invalid", requestsLeft: 1 }, send);
}

/**
 * Runs `send` with its first request marked as one that no operation describes (a wrong method, an unknown
 * path): Prism has nothing to judge it against and passes it through unjudged.
 */
export function sendingOutsideTheSpec<T>(send: () => Promise<T>): Promise<T> {
  return intent.run({ kind: "outside the spec", requestsLeft: 1 }, send);
}

/** A free loopback port (Prism needs one before the server's public URL can name it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Judge {
  url: string;
  /** A fetch that goes through Prism and records what Prism says of each exchange. */
  fetch: typeof fetch;
  /** What went wrong since the last call, cleared by the call. */
  takeProblems(): string[];
  close(): Promise<void>;
}

export async function startPrism(document: string, upstream: string, port: number): Promise<Judge> {
  const cli = join(repoRoot, "node_modules/@stoplight/prism-cli/dist/index.js");
  const child: ChildProcess = spawn(process.execPath, [cli, "proxy", document, upstream, "--port", String(port), "--host", "127.0.0.1", "--errors", "false"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SCARF_ANALYTICS: "false" },
  });
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

  const problems: string[] = [];
  const judgedFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const mark = intent.getStore();
    const marked = mark !== undefined && mark.requestsLeft > 0 ? mark.kind : undefined;
    if (marked) mark!.requestsLeft -= 1;
    const response = await fetch(request);
    if (marked === "outside the spec") return response;
    const invalidOnPurpose = marked === "invalid";
    const violations: Violation[] = JSON.parse(response.headers.get("sl-violations") ?? "[]");
    const errors = violations.filter((v) => v.severity === "Error");
    const where = `${request.method} ${new URL(request.url).pathname} → ${response.status}`;
    const requestErrors = errors.filter((v) => v.location[0] === "request");
    for (const v of errors.filter((v) => v.location[0] === "response")) problems.push(`${where}: response violation: ${v.message}`);
    if (!invalidOnPurpose) for (const v of requestErrors) problems.push(`${where}: request violation in a valid request: ${v.message}`);
    if (invalidOnPurpose && requestErrors.length === 0) problems.push(`${where}: Prism did not flag a request sent invalid on purpose`);
    return response;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    fetch: judgedFetch,
    takeProblems: () => problems.splice(0),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
