// Server processes for the benchmark: spawned as separate Node processes on loopback (never in the
// benchmark's own event loop), their output sent to a log file so a full pipe can never stall them, and
// their memory read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { packageRoot } from "../../server/package-root.js";

export interface NodeProcessSpec {
  /** A .ts or .js file, relative to the package root. */
  entry: string;
  args: string[];
  env?: Record<string, string>;
  /** Extra Node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Where stdout and stderr go. */
  logFile: string;
}

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** performance.now() just before spawn. */
  spawnedAt: number;
}

/** Node flags that let a child run TypeScript the way `npm run bench` does (tsx's loader, one process). */
export function typeScriptNodeArgs(entry: string): string[] {
  return entry.endsWith(".ts") ? ["--import", "tsx"] : [];
}

export function spawnNode(spec: NodeProcessSpec): RunningProcess {
  const log = openSync(spec.logFile, "a");
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [...typeScriptNodeArgs(spec.entry), ...(spec.nodeArgs ?? []), spec.entry, ...spec.args],
    {
      cwd: packageRoot,
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", log, log],
    },
  );
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not spawn ${spec.entry}`);
  return { child, pid: child.pid, logFile: spec.logFile, spawnedAt };
}

/** A free loopback port (the tiny race with another process taking it first is acceptable here). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** The last lines of a process's log, for error messages. */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Polls `url` until it answers 200 and returns the milliseconds since spawn. Fails when the process exits
 * or `timeoutMs` passes.
 */
export async function waitUntilReady(process_: RunningProcess, url: string, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (process_.child.exitCode !== null || process_.child.signalCode !== null) {
      throw new Error(
        `${url}: the server exited (${process_.child.exitCode ?? process_.child.signalCode}) ` +
          `before it was ready:\n${logTail(process_.logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - process_.spawnedAt;
    } catch {
      // Not listening yet.
    }
    await sleep(5);
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms:\n${logTail(process_.logFile)}`);
}

/** Memory figures of a live process in MiB: VmHWM (peak resident) and VmRSS (resident now). */
export function memoryOf(pid: number): { peakRssMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${key}`);
    return Number(match[1]);
  };
  return { peakRssMb: kib("VmHWM") / 1024, rssMb: kib("VmRSS") / 1024 };
}

/** Stops a process with SIGTERM (so profilers and stores finish cleanly), then SIGKILL after `graceMs`. */
export async function stop(process_: RunningProcess, graceMs = 10_000): Promise<void> {
  const { child } = process_;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface ReadyServer {
  origin: string;
  process: RunningProcess;
  /** Milliseconds from spawn to the first 200 from the readiness path. */
  readyMs: number;
}

/**
 * Spawns a server on a free loopback port and waits for `readyPath` to answer 200. Another process can take
 * the port between our check and the server's bind (tests run beside the benchmark): then it tries again.
 */
export async function spawnReady(
  spec: (port: number) => NodeProcessSpec,
  readyPath: string,
  attempts = 3,
): Promise<ReadyServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const process_ = spawnNode(spec(port));
    const origin = `http://127.0.0.1:${port}`;
    try {
      return { origin, process: process_, readyMs: await waitUntilReady(process_, origin + readyPath) };
    } catch (error) {
      await stop(process_);
      if (attempt >= attempts || !logTail(process_.logFile).includes("EADDRINUSE")) throw error;
    }
  }
}

/** CPU seconds (user + system) a live process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number, thread?: number): number {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}
/** USER_HZ: 100 on Linux on every architecture Node runs on. */
const clockTicksPerSecond = 100;

/** CPU seconds used so far by every process whose command name is `name` (e.g. PostgreSQL's backends). */
export function cpuSecondsOfCommand(name: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== name) continue;
      total += cpuSecondsOf(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** CPU seconds the whole machine has spent busy (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal ...: busy is everything except idle and iowait.
  const busy = ticks.reduce((sum, value) => sum + value, 0) - ticks[3]! - ticks[4]!;
  return busy / clockTicksPerSecond;
}
