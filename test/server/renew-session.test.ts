// RenewSession: `PUT /zstack/v1/accounts/sessions/{sessionUuid}/renew` with `{"renewSession": {"duration": s}}`,
// asynchronous as in ZStack; the job answers the session inventory with its new `expiredDate`. Who may renew
// what, the duration's range and unknown sessions all come back through the job.
import { beforeAll, describe, expect, it } from "vitest";
import { parseGsonDate } from "../../client/dates.js";
import { hashPassword, sha512Hex } from "../../server/accounts/passwords.js";
import { openStore } from "../../server/store/index.js";
import { logIn, startServer, type Answer, type TestServer, useServer } from "../helpers/server.js";

let zs: TestServer;
let admin: string;
useServer({}, (suite) => ({ zs, session: admin } = suite));

const renew = (
  as: string,
  sessionUuid: string,
  body: object = { renewSession: { duration: 600 } },
  headers: Record<string, string> = {},
) =>
  zs.call(`/zstack/v1/accounts/sessions/${sessionUuid}/renew`, { method: "PUT", headers: zs.auth(as, headers), body });
const renewAndPoll = async (
  as: string,
  sessionUuid: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Answer> => zs.poll(as, await renew(as, sessionUuid, body, headers), headers);
const expiry = (answer: Answer) => parseGsonDate(answer.body.inventory.expiredDate).getTime();

describe("renewing one's own session", () => {
  it("answers 202; the job answers the session with the new expiredDate", async () => {
    const before = Date.now();
    const job = await renewAndPoll(admin, admin, { renewSession: { duration: 86400 } });
    expect(job.status).toBe(200);
    expect(job.body.inventory).toMatchObject({ uuid: admin, userType: "AccountVO", accountUuid: expect.any(String) });
    // Gson dates have whole seconds.
    expect(expiry(job)).toBeGreaterThanOrEqual(before + 86400_000 - 1000);
    expect(expiry(job)).toBeLessThanOrEqual(Date.now() + 86400_000);
  });

  it("may shorten it; without a duration, --session-timeout (7200 s) applies", async () => {
    const session = await zs.login();
    expect(expiry(await renewAndPoll(session, session, { renewSession: { duration: 60 } }))).toBeLessThanOrEqual(
      Date.now() + 60_000,
    );
    const defaulted = expiry(await renewAndPoll(session, session, { renewSession: {} }));
    expect(defaulted).toBeGreaterThan(Date.now() + 7190_000);
    expect(defaulted).toBeLessThanOrEqual(Date.now() + 7200_000);
  });

  it("with X-JSON-Schema, the job's answer names ZStack's SessionInventory class", async () => {
    const job = await renewAndPoll(admin, admin, undefined, { "X-JSON-Schema": "true" });
    expect(job.body.schema).toEqual({ inventory: "org.zstack.header.identity.SessionInventory" });
  });

  it("keeps a session alive past --session-timeout, and using it does not shorten it", async () => {
    const short = await startServer({ sessionTimeout: 2, sessionRenewInterval: 0.2 });
    try {
      const session = await short.login();
      const accepted = await short.call(`/zstack/v1/accounts/sessions/${session}/renew`, {
        method: "PUT",
        headers: short.auth(session),
        body: { renewSession: { duration: 60 } },
      });
      expect((await short.poll(session, accepted)).status).toBe(200);
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(
          (await short.call("/zstack/v1/ai/model-services?limit=1", { headers: short.auth(session) })).status,
        ).toBe(200);
      }
      expect((await short.call(`/zstack/v1/accounts/sessions/${session}/valid`)).body).toEqual({ valid: true });
    } finally {
      await short.close();
    }
  });
});

describe("failures come through the job", () => {
  it.each([
    [{ renewSession: { duration: 59 } }, /renewSession\.duration: must be >= 60/],
    [{ renewSession: { duration: 31536001 } }, /renewSession\.duration: must be <= 31536000/],
    [{ renewSession: { duration: "long" } }, /renewSession\.duration/],
    [{ renewSession: { duration: 600, hours: 1 } }, /renewSession\.hours: unknown field/],
    [{}, /renewSession: is mandatory/],
  ])("%j: SYS.1007", async (body, details) => {
    const job = await renewAndPoll(admin, admin, body);
    expect([job.status, job.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(job.body.error.details).toMatch(details);
  });

  it("an unknown or logged-out session: SYS.1003", async () => {
    const gone = await zs.login();
    await zs.call(`/zstack/v1/accounts/sessions/${gone}`, { method: "DELETE" });
    for (const uuid of [gone, "not-a-session"]) {
      const job = await renewAndPoll(admin, uuid);
      expect([job.status, job.body.error.code]).toEqual([503, "SYS.1003"]);
      expect(job.body.error.details).toBe(
        `invalid field[sessionUuid], resource[uuid:${uuid}, type:SessionVO] not found`,
      );
    }
  });
});

describe("another account's session", () => {
  let tenant: string;
  beforeAll(async () => {
    // A second account straight into the store: the server has no API that creates accounts.
    const store = await openStore(zs.db);
    try {
      await store.upsertAccount({
        uuid: "0123456789abcdef0123456789abcdef",
        name: "tenant",
        passwordHash: await hashPassword(sha512Hex("tenant-pw")),
      });
    } finally {
      await store.close();
    }
    tenant = await logIn(zs.url, { accountName: "tenant", password: "tenant-pw" });
  });

  it("a tenant may renew its own, not admin's: ID.1002 through the job", async () => {
    expect((await renewAndPoll(tenant, tenant)).status).toBe(200);
    const job = await renewAndPoll(tenant, admin);
    expect([job.status, job.body.error.code]).toEqual([503, "ID.1002"]);
  });

  it("admin may renew any session", async () => {
    const job = await renewAndPoll(admin, tenant);
    expect(job.status).toBe(200);
    expect(job.body.inventory).toMatchObject({ uuid: tenant, accountUuid: "0123456789abcdef0123456789abcdef" });
  });
});
