// WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the COMMIT that crosses
// the threshold, on the committing thread: copying the WAL back into the database file and fsyncing it blocked
// our event loop for milliseconds at a time and took most of a write's cost (measured: AddModelService
// 1.6k → 2.8k req/s with it out of the way). So a worker thread with a connection of its own checkpoints the
// WAL (PASSIVE: it never blocks our writer, which keeps appending meanwhile), and the main connection's
// automatic checkpoint stays only as a far-off backstop in case the worker cannot keep up.
//
// Pace: while writes keep coming, the worker checkpoints again after `busyIntervalMs`. The WAL file only starts
// over from its beginning when a writer finds every frame already copied, so the checkpoint must catch up
// within a gap between two group commits; every 100 ms it never did under load, the WAL grew to the TRUNCATE
// limit and that checkpoint made the writer wait (measured p99 34 ms; at 5 ms the WAL stays under ~15 MB and
// p99 is 18 ms, at the same throughput). When nothing was written since its last look it waits
// `idleIntervalMs`, so an idle server is not woken 200 times a second.
//
// Durability is unchanged: a commit is durable across a process crash once it is in the WAL (synchronous=NORMAL
// in WAL mode), whoever copies it into the database file later.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface CheckpointerOptions {
  /** The pause between checkpoints while the WAL keeps growing (default 5 ms). */
  busyIntervalMs?: number;
  /** The pause after a look that found nothing new (default 100 ms). */
  idleIntervalMs?: number;
  /** A WAL file larger than this is checkpointed with TRUNCATE, which briefly makes writers wait (default 64 MiB). */
  truncateAboveBytes?: number;
}

export interface Checkpointer {
  /** Stops the worker after its current checkpoint; resolves when its connection is closed. */
  close(): Promise<void>;
}

/** The main connection's own automatic checkpoint threshold, in pages: reached only if the worker falls behind. */
export const backstopCheckpointPages = 16384;

// The worker's code, evaluated as a CommonJS script; the driver is required by its resolved path so that it
// works the same from the sources (tsx) and from the compiled package.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { statSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
function walBytes() {
  try { return statSync(workerData.file + "-wal").size; } catch { return 0; }
}
let lastLog = -1;
let timer;
function checkpoint() {
  let pause = workerData.idleIntervalMs;
  try {
    const mode = walBytes() > workerData.truncateAboveBytes ? "TRUNCATE" : "PASSIVE";
    const [result] = db.pragma("wal_checkpoint(" + mode + ")");
    // Frames were added since the last look: the writer is busy, come back soon.
    if (result && result.log !== lastLog) pause = workerData.busyIntervalMs;
    lastLog = result ? result.log : -1;
  } catch {
    // Busy or the file is going away: the next look tries again, and the backstop still holds.
  }
  timer = setTimeout(checkpoint, pause);
}
checkpoint();
parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      file,
      driver,
      busyIntervalMs: options.busyIntervalMs ?? 5,
      idleIntervalMs: options.idleIntervalMs ?? 100,
      truncateAboveBytes: options.truncateAboveBytes ?? 64 * 1024 * 1024 },
  });
  // It must never keep a process alive that is otherwise done.
  worker.unref();
  // A worker that fails (e.g. cannot open the file) leaves checkpoints to the main connection's backstop.
  worker.on("error", () => {});
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        worker.postMessage("close");
        // A worker stuck in a long checkpoint is stopped rather than waited for indefinitely.
        const timeout = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timeout);
      })();
      return closing;
    },
  };
}
