// Request logs: one JSON line per request with method, path, status, duration and request id; never a
// password, a session id or a body.
import { Writable } from "node:stream";
import { pino } from "pino";
import { expect, it } from "vitest";
import { sha512Hex } from "../../server/accounts/passwords.js";
import { documentBody, startServer } from "../helpers/server.js";

it("logs each request once, without secrets or bodies", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(...String(chunk).trim().split("\n"));
      done();
    },
  });
  const zs = await startServer({ logger: pino({ level: "info" }, sink) });
  let session = "";
  try {
    session = await zs.login();
    await zs.ensureCenter(session);
    await zs.add(session, documentBody({ name: "a body that must not be logged" }), { "X-Request-Id": "trace-42" });
    await zs.call(`/zstack/v1/accounts/sessions/${session}`, { method: "DELETE" });
  } finally {
    await zs.close();
  }
  const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
  expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    "PUT /zstack/v1/accounts/login 200",
    "POST /zstack/v1/ai/model-centers 202",
    expect.stringMatching(/^GET \/zstack\/v1\/api-jobs\/[0-9a-f]{32} 200$/),
    "POST /zstack/v1/ai/model-services 202",
    "DELETE /zstack/v1/accounts/sessions/{sessionUuid} 200",
  ]);
  expect(requests[3]).toMatchObject({ requestId: "trace-42", durationMs: expect.any(Number) });
  const all = lines.join("\n");
  expect(all).not.toContain(sha512Hex("password"));
  expect(all).not.toContain("must not be logged");
  expect(all).not.toMatch(/OAuth/);
  expect(all).not.toContain(session);
});
