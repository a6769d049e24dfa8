// Answers of the read APIs (QueryModelService, GetModelService) are a pure function of the stored services and
// of the request (path, query string, X-Json-Schema): the server's API version and time zone are fixed for its
// life, and the answer does not depend on who asks. Dashboards poll the same query over and over, and building a
// page of 50 full inventories (rows, dates, JSON, response validation) costs several times what sending it does.
// So the exact text of an answer that already passed response validation is kept and sent again while the store
// reports no change to its data (Store.dataVersion: every commit of ours, and every commit of another process on
// the same SQLite file). A store that cannot tell cheaply (PostgreSQL, where other instances write) returns
// undefined, and nothing is cached: no instance answers from what only it remembers.
import type { Request, Response } from "express";
import { BoundedMap } from "./bounded-map.js";

export interface AnswerCacheLimits {
  /** Answers kept at most (least recently used dropped first). */
  maxEntries: number;
  /** Total bytes kept at most; a larger single answer is never kept. */
  maxBytes: number;
}

export const defaultAnswerCacheLimits: AnswerCacheLimits = { maxEntries: 2048, maxBytes: 16 * 1024 * 1024 };

export class AnswerCache {
  private version: string | undefined;
  /** Kept as UTF-8, ready to write. */
  private readonly answers: BoundedMap<string, Buffer>;

  constructor(private readonly limits: AnswerCacheLimits = defaultAnswerCacheLimits) {
    this.answers = new BoundedMap({
      maxEntries: limits.maxEntries,
      maxWeight: limits.maxBytes,
      weigh: (answer) => answer.length,
    });
  }

  /** The answer kept for `key` at data version `version`, if any. */
  get(version: string | undefined, key: string): Buffer | undefined {
    this.sync(version);
    return version === undefined ? undefined : this.answers.get(key);
  }

  /**
   * Keeps `text` as the answer to `key` at data version `version` (the version read before the answer was built).
   * If the data has moved on since (another lookup saw a newer version), the answer is not kept.
   */
  set(version: string | undefined, key: string, text: string): void {
    // UTF-8 is never shorter than the text's UTF-16 length: a text longer than the limit is not even encoded.
    if (version === undefined || version !== this.version || text.length > this.limits.maxBytes) return;
    this.answers.set(key, Buffer.from(text));
  }

  /** False with `--read-cache-mb 0`: then nothing is looked up or kept. */
  get enabled(): boolean {
    return this.limits.maxBytes > 0 && this.limits.maxEntries > 0;
  }

  get size(): number {
    return this.answers.size;
  }

  /** Everything kept belongs to one data version; a new version makes all of it stale. */
  private sync(version: string | undefined): void {
    if (version === this.version) return;
    this.version = version;
    this.answers.clear();
  }
}

/** What identifies a read answer: the path with its query string, and whether ZStack's `schema` map was asked for. */
export function answerKey(req: Request, withSchema: boolean): string {
  return `${withSchema ? "S" : "-"}${req.originalUrl}`;
}

/** Sends a kept answer exactly as `res.json` sent it the first time (same bytes, same Content-Type). */
export function sendKeptAnswer(res: Response, answer: Buffer): void {
  res.status(200).set("Content-Type", "application/json; charset=utf-8").send(answer);
}

/**
 * Sends `body` with `res.json` (so response validation sees it) and hands the JSON text that went out to `keep`,
 * but only if it did go out as a 200: an answer that failed response validation is never sent, so never kept.
 */
export function sendAndKeep(res: Response, body: unknown, keep: (text: string) => void): void {
  const send = res.send;
  res.send = function (this: Response, chunk?: unknown) {
    res.send = send;
    if (typeof chunk === "string" && this.statusCode === 200) keep(chunk);
    return send.call(this, chunk);
  } as Response["send"];
  try {
    res.status(200).json(body);
  } finally {
    res.send = send;
  }
}
