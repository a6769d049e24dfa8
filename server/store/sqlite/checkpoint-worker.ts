// The checkpointer's worker thread (checkpointer.ts): a connection of its own that copies the WAL into the
// database file, PASSIVE so that it never blocks the main connection's writer, which keeps appending meanwhile.
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

export interface CheckpointWorkerData {
  file: string;
  busyIntervalMs: number;
  idleIntervalMs: number;
  truncateAboveBytes: number;
}

const { file, busyIntervalMs, idleIntervalMs, truncateAboveBytes } = workerData as CheckpointWorkerData;
const db = new Database(file, { timeout: 5000 });
let lastLog = -1;
let timer: NodeJS.Timeout | undefined;

function walBytes(): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

function checkpoint(): void {
  let pause = idleIntervalMs;
  try {
    const mode = walBytes() > truncateAboveBytes ? "TRUNCATE" : "PASSIVE";
    const [result] = db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
    // Frames were added since the last look: the writer is busy, come back soon.
    if (result && result.log !== lastLog) pause = busyIntervalMs;
    lastLog = result ? result.log : -1;
  } catch {
    // Busy or the file is going away: the next look tries again, and the backstop still holds.
  }
  timer = setTimeout(checkpoint, pause);
}

checkpoint();
parentPort?.on("message", (message) => {
  if (message !== "close") return;
  clearTimeout(timer);
  db.close();
  parentPort?.close();
});
