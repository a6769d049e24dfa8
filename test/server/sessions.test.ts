// Sessions: login with the SHA-512 of the password, `Authorization: OAuth <uuid>`, ZStack's answers for a
// missing header (400), an unknown session (503 ID.1001; through the job on asynchronous APIs, see
// async-auth.test.ts) and wrong credentials (503 ID.1000, whatever the password string).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha512Hex } from "../../server/accounts/passwords.js";
import { openStore } from "../../server/store/index.js";
import { documentBody, gsonDate, startServer, type TestServer } from "../helpers/server.js";

let zs: TestServer;
beforeAll(async () => {
  zs = await startServer();
});
afterAll(() => zs.close());

const loginBody = (password: string, accountName = "admin") => ({
  logInByAccount: { accountName, password: sha512Hex(password) },
});
const logIn = (body: object, server: TestServer = zs) =>
  server.call("/zstack/v1/accounts/login", { method: "PUT", headers: { "Content-Type": "application/json" }, body });

describe("login", () => {
  it("answers a session inventory", async () => {
    const answer = await logIn(loginBody("password"));
    expect(answer.status).toBe(200);
    expect(answer.body.inventory).toMatchObject({
      uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
      userType: "AccountVO",
    });
    expect(answer.body.inventory.expiredDate).toMatch(gsonDate);
  });

  it("a wrong password is 503 ID.1000", async () => {
    const answer = await logIn(loginBody("wrong"));
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: "ID.1000", details: "wrong account name or password" });
  });

  it("an unknown account is 503 ID.1000 too", async () => {
    expect((await logIn(loginBody("password", "nobody"))).body.error.code).toBe("ID.1000");
  });

  // ZStack's SDK sends the password string it is given: a plain one is simply wrong.
  it.each([
    ["the plain password", "password"],
    ["an empty one", ""],
    ["a short hex", "abc123"],
    ["unicode", "pässwörd ✓"],
  ])("a password that is not a SHA-512 hex (%s) is a wrong password: 503 ID.1000", async (_name, password) => {
    const answer = await logIn({ logInByAccount: { accountName: "admin", password } });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: "ID.1000", details: "wrong account name or password" });
  });

  it("the SHA-512 hex is accepted in upper case too", async () => {
    expect(
      (await logIn({ logInByAccount: { accountName: "admin", password: sha512Hex("password").toUpperCase() } })).status,
    ).toBe(200);
  });

  it("a password longer than 1024 characters is an argument error (503 SYS.1007)", async () => {
    const answer = await logIn({ logInByAccount: { accountName: "admin", password: "x".repeat(1025) } });
    expect([answer.status, answer.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(answer.body.error.details).toMatch(/^logInByAccount\.password: /);
  });
});

describe("Authorization", () => {
  it("missing is 400, never 401", async () => {
    const answer = await zs.call("/zstack/v1/ai/model-services");
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toMatch(/Authorization/);
  });

  it("another scheme is 400", async () => {
    const session = await zs.login();
    expect(
      (await zs.call("/zstack/v1/ai/model-services", { headers: { Authorization: `Bearer ${session}` } })).status,
    ).toBe(400);
  });

  it("an unknown session is 503 ID.1001 at once on a synchronous API", async () => {
    const answer = await zs.call("/zstack/v1/ai/model-services", {
      headers: zs.auth("b86c9016b4f24953a9edefb53ca0678c"),
    });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({
      code: "ID.1001",
      details: "Session[b86c9016b4f24953a9edefb53ca0678c] not found or expired",
    });
  });

  it("an unknown session on an asynchronous API is 202, and the job's poll answers ID.1001", async () => {
    const accepted = await zs.add("b86c9016b4f24953a9edefb53ca0678c", documentBody({ requestCpu: "bad" }));
    expect(accepted.status).toBe(202);
    const polled = await zs.poll("b86c9016b4f24953a9edefb53ca0678c", accepted);
    expect(polled.status).toBe(503);
    expect(polled.body.error).toMatchObject({
      code: "ID.1001",
      details: "Session[b86c9016b4f24953a9edefb53ca0678c] not found or expired",
    });
  });
});

describe("session lifecycle", () => {
  it("check, log out, and the session is gone", async () => {
    const session = await zs.login();
    expect((await zs.call(`/zstack/v1/accounts/sessions/${session}/valid`)).body).toEqual({ valid: true });
    const out = await zs.call(`/zstack/v1/accounts/sessions/${session}`, { method: "DELETE" });
    expect([out.status, out.body]).toEqual([200, {}]);
    expect((await zs.call(`/zstack/v1/accounts/sessions/${session}/valid`)).body).toEqual({ valid: false });
    expect((await zs.call("/zstack/v1/ai/model-services", { headers: zs.auth(session) })).body.error.code).toBe(
      "ID.1001",
    );
  });

  it("a session expires after --session-timeout without use", async () => {
    const short = await startServer({ sessionTimeout: 2 });
    try {
      const session = await short.login();
      expect((await short.call("/zstack/v1/ai/model-services", { headers: short.auth(session) })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const answer = await short.call("/zstack/v1/ai/model-services", { headers: short.auth(session) });
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe("ID.1001");
    } finally {
      await short.close();
    }
  });
});

it("at most 500 sessions per account: the next login is 503 ID.1006", async () => {
  const crowded = await startServer();
  try {
    const session = await crowded.login();
    expect(session).toMatch(/^[0-9a-f]{32}$/);
    const accountUuid = await openAccount(crowded.db);
    // 499 more sessions straight into the store: logging in 499 times would spend most of the time in scrypt.
    const store = await openStore(crowded.db);
    const now = Date.now();
    for (let i = 0; i < 499; i++) {
      const uuid = (i.toString(16).padStart(8, "0") + "0".repeat(24)).slice(0, 32);
      await store.createSession(
        {
          uuid,
          accountUuid: accountUuid,
          userUuid: accountUuid,
          userType: "AccountVO",
          createdAt: now,
          expiresAt: now + 60_000,
          renewedAt: now,
        },
        500,
        now,
      );
    }
    await store.close();
    const answer = await logIn(loginBody("password"), crowded);
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("ID.1006");
  } finally {
    await crowded.close();
  }
});

async function openAccount(db: string): Promise<string> {
  const store = await openStore(db);
  try {
    return (await store.findAccount("admin"))!.uuid;
  } finally {
    await store.close();
  }
}

it("using a session renews it (sliding expiry)", async () => {
  const sliding = await startServer({ sessionTimeout: 3, sessionRenewInterval: 0.5 });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    const session = await sliding.login();
    await pause(1500);
    expect(
      (await sliding.call("/zstack/v1/ai/model-services?limit=1", { headers: sliding.auth(session) })).status,
    ).toBe(200);
    await pause(2000); // 3.5 s after login: alive only because the use above renewed it
    expect(
      (await sliding.call("/zstack/v1/ai/model-services?limit=1", { headers: sliding.auth(session) })).status,
    ).toBe(200);
  } finally {
    await sliding.close();
  }
});

describe("the admin password", () => {
  it("follows the adminPassword option (ZSTACK_ADMIN_PASSWORD), and the default stops working", async () => {
    const secured = await startServer({ adminPassword: "s3cret!" });
    try {
      await expect(secured.login("s3cret!")).resolves.toMatch(/^[0-9a-f]{32}$/);
      await expect(secured.login("password")).rejects.toThrow(/ID\.1000/);
    } finally {
      await secured.close();
    }
  });

  it("without it, starting on a non-loopback address is refused", async () => {
    await expect(startServer({ host: "0.0.0.0", adminPassword: undefined })).rejects.toThrow(/ZSTACK_ADMIN_PASSWORD/);
  });

  it("with it, a non-loopback address is fine", async () => {
    const open = await startServer({ host: "0.0.0.0", adminPassword: "s3cret!" });
    try {
      expect((await open.call("/livez")).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
