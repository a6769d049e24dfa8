// Long answers are sent as bytes the app encodes itself (server/performance/utf8-answers.ts): what a client
// receives must be exactly what Express would have sent for the text — the same Content-Type with its utf-8
// charset, a Content-Length that counts bytes (not characters), multi-byte characters intact.
import { beforeAll, describe, expect, it } from "vitest";
import { AnswerBuffers, encodeUtf8, withUtf8Charset } from "../../server/performance/utf8-answers.js";
import { documentBody, type TestServer, useServer } from "../helpers/server.js";

let zs: TestServer;
let session: string;
const description = "模型服务 — ünïcödé 🚀 ".repeat(40);

useServer({ readCacheMb: 0 }, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  // Three services, so that a page of them is well over the length from which the app encodes answers itself.
  for (const name of ["long 1", "long 2", "long 3"])
    expect((await zs.addAndPoll(session, documentBody({ name, description }))).status).toBe(200);
});

describe("a long answer", () => {
  const path = "/zstack/v1/ai/model-services?q=name~=long%25&sort=%2Bname";

  it("arrives whole, with the JSON type, its utf-8 charset and its length in bytes", async () => {
    const response = await fetch(zs.url + path, { headers: { Authorization: `OAuth ${session}` } });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(bytes.length).toBeGreaterThan(8192);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    const body = JSON.parse(bytes.toString("utf8"));
    expect(body.inventories.map((service: { name: string }) => service.name)).toEqual(["long 1", "long 2", "long 3"]);
    expect(body.inventories.every((service: { description: string }) => service.description === description)).toBe(
      true,
    );
  });

  it("stays whole when many are in flight at once (no buffer shared by two answers)", async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const response = await fetch(`${zs.url}${path}&start=0&limit=${2 + (i % 2)}`, {
          headers: { Authorization: `OAuth ${session}` },
        });
        return JSON.parse(await response.text()).inventories[1].description;
      }),
    );
    expect(answers.every((text) => text === description)).toBe(true);
  });
});

describe("the encoding", () => {
  it("gives the bytes Buffer.from gives, multi-byte characters included", () => {
    for (const text of ["", "plain", description, "\u{1F680}".repeat(700), "a\u0000b"])
      expect(encodeUtf8(text).equals(Buffer.from(text, "utf8"))).toBe(true);
  });

  it("sets the charset as Express does", () => {
    expect(withUtf8Charset("application/json")).toBe("application/json; charset=utf-8");
    expect(withUtf8Charset("text/plain; charset=latin1; x=1")).toBe("text/plain; x=1; charset=utf-8");
  });
});

describe("the buffers behind long answers", () => {
  it("are reused only after the answer that had one gave it back, never while it is lent", () => {
    const buffers = new AnswerBuffers();
    const first = buffers.encode("x".repeat(5000));
    const second = buffers.encode("y".repeat(5000));
    expect(first.bytes.buffer).not.toBe(second.bytes.buffer);
    first.release();
    first.release(); // a second release must not put the buffer in the pool twice
    expect(buffers.keptBytes).toBe(8 * 1024);
    const third = buffers.encode("z".repeat(6000));
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(third.bytes.toString()).toBe("z".repeat(6000));
    expect(second.bytes.toString()).toBe("y".repeat(5000));
    expect(buffers.keptBytes).toBe(0);
  });

  it("leaves an answer larger than 1 MiB memory of its own", () => {
    const buffers = new AnswerBuffers();
    const huge = buffers.encode("é".repeat(600_000));
    expect(huge.bytes.length).toBe(1_200_000);
    huge.release();
    expect(buffers.keptBytes).toBe(0);
  });
});
