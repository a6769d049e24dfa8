// An asynchronous API called without a valid session answers 202, as real ZStack does (its SDKs read a typed
// error only from a job poll), and the job's poll answers ID.1001. REST-layer errors still answer at once, and
// nothing such a caller sends is stored: thousands of calls leave the database as it was.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { documentBody, startServer, useServer, type Answer, type TestServer } from "../helpers/server.js";

const hex32 = () => randomBytes(16).toString("hex");
const unknownSession = "b86c9016b4f24953a9edefb53ca0678c";

let zs: TestServer;
let session: string;
useServer({}, (suite) => ({ zs, session } = suite));

const pollWith = (accepted: Answer, as: string) =>
  zs.call(new URL(accepted.body.location).pathname, { headers: { Authorization: `OAuth ${as}` } });

async function expectJobFailsWithInvalidSession(accepted: Answer, badSession: string): Promise<void> {
  expect(accepted.status).toBe(202);
  expect(accepted.body).toEqual({
    location: expect.stringMatching(/\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/),
    apiTimeout: 10800000,
  });
  const polled = await pollWith(accepted, badSession);
  expect(polled.status).toBe(503);
  expect(polled.body.error).toMatchObject({ code: "ID.1001", details: `Session[${badSession}] not found or expired` });
  // The job was never stored: a valid session finds nothing.
  expect((await pollWith(accepted, session)).status).toBe(404);
}

describe("a bad session on an asynchronous API", () => {
  it("AddModelService: 202, then the job answers ID.1001 (before any argument check)", async () => {
    await expectJobFailsWithInvalidSession(
      await zs.add(unknownSession, documentBody({ requestCpu: "bad" })),
      unknownSession,
    );
  });

  it("UpdateModelService and DeleteModelService, with a logged-out session", async () => {
    const gone = await zs.login();
    expect((await zs.call(`/zstack/v1/accounts/sessions/${gone}`, { method: "DELETE" })).status).toBe(200);
    const path = `/zstack/v1/ai/model-services/${hex32()}`;
    await expectJobFailsWithInvalidSession(
      await zs.call(path, { method: "PUT", headers: zs.auth(gone), body: { updateModelService: { requestCpu: 2 } } }),
      gone,
    );
    await expectJobFailsWithInvalidSession(await zs.call(path, { method: "DELETE", headers: zs.auth(gone) }), gone);
  });

  it("RenewSession too", async () => {
    const path = `/zstack/v1/accounts/sessions/${unknownSession}/renew`;
    await expectJobFailsWithInvalidSession(
      await zs.call(path, {
        method: "PUT",
        headers: zs.auth(unknownSession),
        body: { renewSession: { duration: 600 } },
      }),
      unknownSession,
    );
  });

  it("an expired session", async () => {
    const short = await startServer({ sessionTimeout: 1 });
    try {
      const expired = await short.login();
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const accepted = await short.add(expired);
      expect(accepted.status).toBe(202);
      const polled = await short.call(new URL(accepted.body.location).pathname, {
        headers: { Authorization: `OAuth ${expired}` },
      });
      expect([polled.status, polled.body.error.code]).toEqual([503, "ID.1001"]);
    } finally {
      await short.close();
    }
  });

  it("uses a given X-Job-UUID as the job's, without checking it for repeats", async () => {
    const jobUuid = hex32();
    for (let i = 0; i < 2; i++) {
      const accepted = await zs.add(unknownSession, undefined, { "X-Job-UUID": jobUuid.toUpperCase() });
      expect(accepted.status).toBe(202);
      expect(accepted.body.location).toMatch(new RegExp(`/api-jobs/${jobUuid}$`));
    }
  });

  it.each([
    ["a malformed X-Job-UUID", { headers: badSessionHeaders({ "X-Job-UUID": "not-a-uuid" }) }, 400],
    ["no Authorization", { headers: { "Content-Type": "application/json" } }, 400],
    ["a garbled Authorization", { headers: { "Content-Type": "application/json", Authorization: "Bearer x" } }, 400],
    ["unparsable JSON", { headers: badSessionHeaders(), body: "{not json" }, 400],
    ["a body that is not JSON", { headers: { ...badSessionHeaders(), "Content-Type": "text/plain" } }, 415],
    [
      "a body over 1 MiB",
      { headers: badSessionHeaders(), body: JSON.stringify({ param: { name: "x".repeat(1_100_000) } }) },
      413,
    ],
  ])("REST-layer errors still answer at once: %s", async (_name, init, status) => {
    const answer = await zs.call("/zstack/v1/ai/model-services", {
      method: "POST",
      body: JSON.stringify(documentBody()),
      ...init,
    });
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toEqual(expect.any(String));
  });

  it("a wrong method or path answers at once", async () => {
    expect(
      (await zs.call("/zstack/v1/ai/model-services", { method: "PATCH", headers: badSessionHeaders() })).status,
    ).toBe(405);
    expect(
      (await zs.call("/zstack/v1/ai/nothing-here", { method: "POST", headers: badSessionHeaders(), body: {} })).status,
    ).toBe(404);
  });

  it("calls no webhook", async () => {
    const received: string[] = [];
    const hook = createServer((req, res) => {
      received.push(String(req.headers["x-job-uuid"]));
      res.end();
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
    const withHooks = await startServer({ webhookAllow: [origin] });
    try {
      const refused = hex32();
      expect(
        (await withHooks.add(unknownSession, undefined, { "X-Web-Hook": origin, "X-Job-UUID": refused })).status,
      ).toBe(202);
      const accepted = hex32(); // a control: the same call with a valid session is delivered
      expect(
        (await withHooks.add(await withHooks.login(), undefined, { "X-Web-Hook": origin, "X-Job-UUID": accepted }))
          .status,
      ).toBe(202);
      await expect.poll(() => received, { timeout: 5000 }).toContain(accepted);
      expect(received).not.toContain(refused);
    } finally {
      await withHooks.close();
      hook.close();
    }
  });
});

/** Headers of a JSON call with the unknown session. */
function badSessionHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `OAuth ${unknownSession}`, "Content-Type": "application/json", ...extra };
}

it("thousands of unauthenticated asynchronous calls leave the store as it was", async () => {
  const rows = () => {
    const db = new Database(zs.db, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      const counts = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()]));
      // The database's logical size (the WAL included), whatever the checkpointer has copied into the file.
      return { ...counts, pages: db.pragma("page_count", { simple: true }) };
    } finally {
      db.close();
    }
  };
  const walSize = () => statSync(`${zs.db}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  await zs.addAndPoll(session); // something stored, so that the store is not trivially empty
  const before = { rows: rows(), wal: walSize() };
  const body = documentBody();
  for (let batch = 0; batch < 60; batch++) {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const path = i % 3 === 0 ? `/zstack/v1/ai/model-services/${hex32()}` : "/zstack/v1/ai/model-services";
        const method = i % 3 === 0 ? "DELETE" : "POST";
        return zs.call(path, {
          method,
          headers: { ...badSessionHeaders({ "X-Job-UUID": hex32() }), Authorization: `OAuth ${hex32()}` },
          body: method === "POST" ? body : undefined,
        });
      }),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
  }
  expect(rows()).toEqual(before.rows);
  // Only commits grow the WAL (a checkpoint may reset it, never grow it).
  expect(walSize()).toBeLessThanOrEqual(before.wal);
}, 120_000);
