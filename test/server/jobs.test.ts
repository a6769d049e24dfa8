// The asynchronous pattern: X-Job-UUID, the poll's answers, update and delete through jobs, retention,
// the job location's base, and X-Web-Hook.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentBody, startServer, useServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

let zs: TestServer;
let session: string;
useServer({}, (suite) => ({ zs, session } = suite));

describe("X-Job-UUID", () => {
  it("is honoured on an asynchronous API, and a repeat is 400", async () => {
    const jobUuid = newUuid();
    const accepted = await zs.add(session, undefined, { "X-Job-UUID": jobUuid });
    expect(accepted.body.location).toMatch(new RegExp(`/zstack/v1/api-jobs/${jobUuid}$`));
    const again = await zs.add(session, undefined, { "X-Job-UUID": jobUuid });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toMatch(/Duplicate job uuid/);
  });

  it("that is not 32 hex characters is 400", async () => {
    const answer = await zs.add(session, undefined, { "X-Job-UUID": "not-hex" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toMatch(/^x-job-uuid: /);
  });

  it("is ignored on a synchronous API, as the SDKs send a fresh one with every call", async () => {
    const jobUuid = newUuid();
    for (let i = 0; i < 2; i++) {
      expect(
        (await zs.call("/zstack/v1/ai/model-services", { headers: zs.auth(session, { "X-Job-UUID": jobUuid }) }))
          .status,
      ).toBe(200);
    }
  });
});

describe("the poll", () => {
  it("an unknown job is 404 with the ErrorCode body", async () => {
    const answer = await zs.call(`/zstack/v1/api-jobs/${newUuid()}`, { headers: zs.auth(session) });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBeDefined();
  });

  it("needs a session", async () => {
    const accepted = await zs.add(session);
    expect((await zs.call(new URL(accepted.body.location).pathname)).status).toBe(400);
  });
});

describe("update and delete", () => {
  it("update answers the changed inventory through the job", async () => {
    const { inventory } = (await zs.addAndPoll(session)).body;
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${inventory.uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { name: "renamed", requestCpu: 8 } },
    });
    const job = await zs.poll(session, accepted);
    expect(job.status).toBe(200);
    expect(job.body.inventory).toMatchObject({
      uuid: inventory.uuid,
      name: "renamed",
      requestCpu: 8,
      requestMemory: 1024,
    });
  });

  it("update of an unknown uuid: 202, then the job fails with SYS.1003", async () => {
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${newUuid()}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { name: "x" } },
    });
    expect(accepted.status).toBe(202);
    const job = await zs.poll(session, accepted);
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1003");
  });

  it("update with nothing to change fails the job with SYS.1007", async () => {
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${newUuid()}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: {} },
    });
    expect((await zs.poll(session, accepted)).body.error).toMatchObject({
      code: "SYS.1007",
      details: "updateModelService: must name at least one field",
    });
  });

  it("delete answers {} through the job, also when repeated, and the service is gone", async () => {
    const { inventory } = (await zs.addAndPoll(session)).body;
    for (let i = 0; i < 2; i++) {
      const accepted = await zs.call(`/zstack/v1/ai/model-services/${inventory.uuid}?deleteMode=Permissive`, {
        method: "DELETE",
        headers: { Authorization: `OAuth ${session}` },
      });
      const job = await zs.poll(session, accepted);
      expect(job.status).toBe(200);
      expect(job.body).toEqual({});
    }
    expect(
      (await zs.call(`/zstack/v1/ai/model-services/${inventory.uuid}`, { headers: zs.auth(session) })).body,
    ).toEqual({ inventories: [] });
  });

  it("a malformed uuid in the path fails the job with SYS.1007", async () => {
    const accepted = await zs.call("/zstack/v1/ai/model-services/NOT-A-UUID", {
      method: "DELETE",
      headers: { Authorization: `OAuth ${session}` },
    });
    const job = await zs.poll(session, accepted);
    expect(job.body.error.code).toBe("SYS.1007");
    expect(job.body.error.details).toMatch(/^uuid: must match pattern/);
  });
});

describe("options", () => {
  it("--public-url is the base of job locations", async () => {
    const behindProxy = await startServer({ publicUrl: "https://zstack.example.com/" });
    try {
      const accepted = await behindProxy.add(await behindProxy.login());
      expect(accepted.body.location).toMatch(/^https:\/\/zstack\.example\.com\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/);
    } finally {
      await behindProxy.close();
    }
  });

  it("finished jobs are purged after --job-retention", async () => {
    const brief = await startServer({ jobRetention: 2, sweepInterval: 200 });
    try {
      const s = await brief.login();
      const accepted = await brief.add(s);
      expect((await brief.poll(s, accepted)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await brief.poll(s, accepted)).status).toBe(404);
    } finally {
      await brief.close();
    }
  });
});

describe("X-Web-Hook", () => {
  let hook: { url: string; received: Promise<{ headers: IncomingHttpHeaders; body: string }>; close(): void };
  beforeAll(async () => {
    let deliver!: (value: { headers: IncomingHttpHeaders; body: string }) => void;
    const received = new Promise<{ headers: IncomingHttpHeaders; body: string }>((resolve) => (deliver = resolve));
    const server = createServer((req, res) => {
      let body = "";
      req
        .on("data", (chunk) => (body += chunk))
        .on("end", () => {
          deliver({ headers: req.headers, body });
          res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hook = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
  });
  afterAll(() => hook.close());

  it("an allow-listed hook receives the job's answer", async () => {
    const withHooks = await startServer({ webhookAllow: [hook.url] });
    try {
      const jobUuid = newUuid();
      const accepted = await withHooks.add(await withHooks.login(), documentBody({ name: "hooked" }), {
        "X-Web-Hook": `${hook.url}/done`,
        "X-Job-UUID": jobUuid,
      });
      expect(accepted.status).toBe(202);
      const { headers, body } = await hook.received;
      expect(headers["x-job-uuid"]).toBe(jobUuid);
      expect(headers["x-job-success"]).toBe("true");
      expect(JSON.parse(body).inventory.name).toBe("hooked");
    } finally {
      await withHooks.close();
    }
  });

  it("a failing hook is retried, a bounded number of times (X-Job-Success: false for a failed job)", async () => {
    const attempts: string[] = [];
    const flaky = createServer((req, res) => {
      attempts.push(String(req.headers["x-job-success"]));
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    const withHooks = await startServer({ webhookAllow: [origin], webhookRetry: { attempts: 3, delayMs: 50 } });
    try {
      const s = await withHooks.login();
      await withHooks.add(s, documentBody({ requestCpu: "x" }), { "X-Web-Hook": origin });
      await expect.poll(() => attempts.length, { timeout: 5000 }).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(attempts).toEqual(["false", "false", "false"]);
    } finally {
      await withHooks.close();
      flaky.close();
    }
  });

  it("a hook whose origin is not allow-listed is 400", async () => {
    const answer = await zs.add(session, undefined, { "X-Web-Hook": "http://169.254.169.254/latest" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toMatch(/not allowed/);
  });
});
