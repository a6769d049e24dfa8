// WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the COMMIT that crosses
// the threshold, on the committing thread: copying the WAL back into the database file and fsyncing it blocked
// our event loop for milliseconds at a time and took most of a write's cost (figures: bench/README.md). So a
// worker thread with a connection of its own (checkpoint-worker.ts) checkpoints the WAL, and the main
// connection's automatic checkpoint stays only as a far-off backstop in case the worker cannot keep up.
//
// Pace: while writes keep coming, the worker checkpoints again after `busyIntervalMs`. The WAL file only starts
// over from its beginning when a writer finds every frame already copied, so the checkpoint must catch up
// within a gap between two group commits; at a slower pace it never did under load, the WAL grew to the
// TRUNCATE limit and that checkpoint made the writer wait, a tail latency the short pace avoids at the same
// throughput. When nothing was written since its last look it waits `idleIntervalMs`, so an idle server is
// not woken 200 times a second.
//
// Durability is unchanged: a commit is durable across a process crash once it is in the WAL (synchronous=NORMAL
// in WAL mode), whoever copies it into the database file later.
import { Worker } from "node:worker_threads";
import type { CheckpointWorkerData } from "./checkpoint-worker.js";

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

/**
 * The worker thread: compiled (dist/), the .js file next to this one. From the sources (vitest, tsx) it is
 * TypeScript, and a worker thread inherits neither runner's loader (tsx's `--import` hook registers on the main
 * thread only), so a small bootstrap loads it through tsx's own API.
 */
function startWorker(workerData: CheckpointWorkerData): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./checkpoint-worker.js", import.meta.url), { workerData });
  const entry = JSON.stringify(new URL("./checkpoint-worker.ts", import.meta.url).href);
  const tsxApi = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const bootstrap = `import(${tsxApi}).then((tsx) => tsx.tsImport(${entry}, ${entry}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const worker = startWorker({
    file,
    busyIntervalMs: options.busyIntervalMs ?? 5,
    idleIntervalMs: options.idleIntervalMs ?? 100,
    truncateAboveBytes: options.truncateAboveBytes ?? 64 * 1024 * 1024,
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
