// Two server processes on one PostgreSQL schema behave as one server (issue 8, points 2 and 3): jobs,
// sessions and logouts are shared, and a resourceUuid stays unique across instances.

import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.js";
import { addCenter, callJson, documentBody, type Json, logIn, testCenterUuid } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

const adminPassword = "multi-instance-test";

function call(base: string, path: string, init: { method?: string; session?: string; body?: string | object } = {}) {
  const headers: Record<string, string> = {};
  if (init.session) headers.Authorization = `OAuth ${init.session}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
  return callJson(base + path, { method: init.method, headers, body: init.body });
}

describeOnPostgres("two server instances on one PostgreSQL schema", () => {
  let schema: TestSchema;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    schema = await createTestSchema("multi");
    // Started together: their migrations and admin accounts race, as they would behind a load balancer.
    const start = () =>
      startServerProcess(["--db", schema.url, "--db-pool-size", "4"], { ZSTACK_ADMIN_PASSWORD: adminPassword });
    [a, b] = await Promise.all([start(), start()]);
    // The center the adds name, made on A: B's reference checks find it in the shared schema.
    await addCenter(a.url, await login(a.url), { resourceUuid: testCenterUuid });
  }, 120_000);

  afterAll(async () => {
    expect(await Promise.all([a?.stop(), b?.stop()])).toEqual([0, 0]);
    await schema?.drop();
  });

  const login = (base: string) => logIn(base, { password: adminPassword });

  function addBody(resourceUuid: string): string {
    return JSON.stringify(documentBody({ resourceUuid }));
  }

  /** Adds on `base`, then polls the job on `pollBase`. */
  async function addAndPoll(base: string, pollBase: string, session: string, resourceUuid: string) {
    const accepted = await call(base, "/zstack/v1/ai/model-services", {
      method: "POST",
      session,
      body: addBody(resourceUuid),
    });
    expect(accepted.status).toBe(202);
    return call(pollBase, new URL(accepted.body.location).pathname, { session });
  }

  it("answers on B the job created on A, with a session made on A", async () => {
    const session = await login(a.url);
    const uuid = newUuid();
    const job = await addAndPoll(a.url, b.url, session, uuid);
    expect(job.status).toBe(200);
    expect(job.body.inventory.uuid).toBe(uuid);
    const got = await call(b.url, `/zstack/v1/ai/model-services/${uuid}`, { session });
    expect(got.body.inventories.map((inventory: Json) => inventory.uuid)).toEqual([uuid]);
  });

  it("sees on B, at once, a logout made on A", async () => {
    const session = await login(a.url);
    expect((await call(b.url, `/zstack/v1/accounts/sessions/${session}/valid`)).body).toEqual({ valid: true });
    expect((await call(b.url, "/zstack/v1/ai/model-services?limit=1", { session })).status).toBe(200);
    expect((await call(a.url, `/zstack/v1/accounts/sessions/${session}`, { method: "DELETE" })).status).toBe(200);
    expect((await call(b.url, `/zstack/v1/accounts/sessions/${session}/valid`)).body).toEqual({ valid: false });
    const refused = await call(b.url, "/zstack/v1/ai/model-services?limit=1", { session });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("ID.1001");
  });

  it("lets one of two concurrent adds of a resourceUuid on A and B succeed; the other's job is SYS.1007", async () => {
    const session = await login(b.url);
    const uuid = newUuid();
    const jobs = await Promise.all([addAndPoll(a.url, a.url, session, uuid), addAndPoll(b.url, b.url, session, uuid)]);
    expect(jobs.map((job) => job.status).sort()).toEqual([200, 503]);
    const failed = jobs.find((job) => job.status === 503)!;
    expect(failed.body.error.code).toBe("SYS.1007");
    const query = await call(a.url, `/zstack/v1/ai/model-services?q=uuid=${uuid}&count=true`, { session });
    expect(query.body).toEqual({ total: 1 });
  });
});
