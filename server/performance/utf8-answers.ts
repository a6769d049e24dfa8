// A long answer's bytes, written into memory that is reused instead of fresh memory per answer. Express's
// `res.send` turns a text of 1,000 characters or more into bytes with `Buffer.from(text, "utf8")`: for a query
// page of 50 inventories (≈ 80 KB) that was a fifth of the whole request's CPU, most of it the kernel's work
// of handing the process fresh pages for each new buffer (the start script keeps glibc returning freed memory
// to the system, see README → Performance) and the rest Node 20's slow path for long strings (figures:
// bench/README.md). So the app's `send` writes a text of 4 KiB or more into a buffer from a small pool, hands
// Express those bytes with the Content-Type Express would have set for the text (its charset made utf-8), and
// takes the buffer back once the answer has been written to the socket. Nothing of an answer outlives its response: a
// buffer is reused only for the bytes of a later answer, written afresh.
import type { Express, Response } from "express";

/** Shorter texts are left to Express: Node encodes them into its own shared slab of memory, which is cheap. */
const largeText = 4096;
/** Buffers come in powers of two from 8 KiB to 1 MiB; a larger answer gets fresh memory of its own. */
const smallestBuffer = 8 * 1024;
const largestBuffer = 1024 * 1024;
/** What the pool keeps at most while no answer uses it: a few dozen pages of 50 inventories. */
const maxPooledBytes = 8 * 1024 * 1024;

/** The UTF-8 bytes of `text` in fresh memory, through Buffer#write (fast for long strings) not Buffer.from. */
export function encodeUtf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(text, "utf8"));
  bytes.write(text, 0, "utf8");
  return bytes;
}

/** Buffers lent to answers in flight and taken back when each answer has been sent. */
export class AnswerBuffers {
  private readonly free = new Map<number, Buffer[]>();
  private pooledBytes = 0;

  /** The UTF-8 bytes of `text` and a function that gives their memory back (once they are no longer needed). */
  encode(text: string): { bytes: Buffer; release: () => void } {
    const length = Buffer.byteLength(text, "utf8");
    if (length > largestBuffer) return { bytes: encodeUtf8(text), release: () => {} };
    const size = Math.max(smallestBuffer, 2 ** Math.ceil(Math.log2(length)));
    const reused = this.free.get(size)?.pop();
    if (reused) this.pooledBytes -= size;
    const buffer = reused ?? Buffer.allocUnsafeSlow(size);
    buffer.write(text, 0, "utf8");
    let released = false;
    return {
      bytes: buffer.subarray(0, length),
      release: () => {
        if (released || this.pooledBytes + size > maxPooledBytes) return;
        released = true;
        this.pooledBytes += size;
        let list = this.free.get(size);
        if (!list) {
          list = [];
          this.free.set(size, list);
        }
        list.push(buffer);
      },
    };
  }

  /** Bytes kept for reuse now. */
  get keptBytes(): number {
    return this.pooledBytes;
  }
}

/** `type` with its charset parameter set to utf-8, as Express does before sending a text. */
export function withUtf8Charset(type: string): string {
  const parameters = type
    .split(";")
    .slice(1)
    .map((parameter) => parameter.trim())
    .filter((parameter) => parameter && !/^charset\s*=/i.test(parameter));
  return [type.split(";")[0]!.trim(), ...parameters, "charset=utf-8"].join("; ");
}

/** Makes `app`'s responses send long texts as bytes written into reused memory. */
export function sendLongTextsAsBytes(app: Express, buffers = new AnswerBuffers()): void {
  const response = app.response as Response;
  const send = response.send;
  response.send = function (this: Response, body?: unknown) {
    if (typeof body !== "string" || body.length < largeText) return send.call(this, body);
    const type = this.get("Content-Type");
    if (typeof type === "string") this.set("Content-Type", withUtf8Charset(type));
    else this.type("html");
    const { bytes, release } = buffers.encode(body);
    // "finish": the last bytes have been handed to the system. An answer cut off (the client went away) never
    // finishes, and its buffer is left to the garbage collector rather than risked.
    this.once("finish", release);
    return send.call(this, bytes);
  } as Response["send"];
}
