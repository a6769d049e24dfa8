// Access keys over HTTP against the real server: CreateAccessKey shows the secret once, reads leave it out,
// requests signed `ZStack <AccessKeyID>:<signature>` (computed here with node:crypto) are served like a
// session's, and every refusal answers as DESIGN.md's status table says. With --secret-key no secret reaches
// the database file in clear.
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { documentBody, startServer, useServer, tempDir, type Answer, type TestServer } from "../helpers/server.js";

let zs: TestServer;
let session: string;
let owner: { accountUuid: string; userUuid: string };
useServer({}, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  const login = await zs.call(`/zstack/v1/accounts/sessions/${session}/valid`);
  expect(login.body.valid).toBe(true);
  owner = { accountUuid: "36c27e8ff05c4780bf6d2fa65700f22e", userUuid: "36c27e8ff05c4780bf6d2fa65700f22e" };
});

interface Key {
  uuid: string;
  AccessKeyID: string;
  AccessKeySecret: string;
}

const rfc1123 = (epochMs: number) => new Date(epochMs).toUTCString();
/** `Date` in another form: the wall clock 8 hours ahead of UTC, then `zone`. */
const eastEight = (epochMs: number, zone: string) => rfc1123(epochMs + 8 * 3600_000).replace(/ GMT$/, ` ${zone}`);

/** Headers of a signed call; `date: null` sends no Date header. */
function signed(
  key: { AccessKeyID: string; AccessKeySecret: string },
  method: string,
  path: string,
  date: string | null = rfc1123(Date.now()),
): Record<string, string> {
  const toSign = path.split("?")[0]!.replace(/^\/zstack/, "");
  const signature = createHmac("sha1", key.AccessKeySecret).update(`${method}\n${date}\n${toSign}`).digest("base64");
  const headers: Record<string, string> = {
    Authorization: `ZStack ${key.AccessKeyID}:${signature}`,
    "Content-Type": "application/json",
  };
  if (date !== null) headers.Date = date;
  return headers;
}

const signedCall = (server: TestServer, key: Key, method: string, path: string, body?: object, date?: string) =>
  server.call(path, { method, headers: signed(key, method, path, date), body });

async function job(server: TestServer, accepted: Answer, auth = session): Promise<Answer> {
  return server.poll(auth, accepted);
}

async function createKey(
  server: TestServer = zs,
  params: Record<string, unknown> = {},
  auth = session,
): Promise<Answer> {
  const accepted = await server.call("/zstack/v1/accesskeys", {
    method: "POST",
    headers: server.auth(auth),
    body: { params: { ...owner, ...params } },
  });
  return job(server, accepted, auth);
}

describe("CreateAccessKey and reads", () => {
  let key: Key;
  beforeAll(async () => {
    const answer = await createKey(zs, { description: "ci" });
    expect(answer.status).toBe(200);
    key = answer.body.inventory;
  });

  it("answers the new key once, with its secret: 20 and 40 random letters and digits", () => {
    expect(key).toMatchObject({ ...owner, description: "ci", state: "Enabled", type: "User" });
    expect(key.AccessKeyID).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(key.AccessKeySecret).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it("queries and gets leave the secret out and cannot filter, sort or project on it", async () => {
    const query = await zs.call(`/zstack/v1/accesskeys?q=AccessKeyID=${key.AccessKeyID}`, {
      headers: zs.auth(session),
    });
    expect(query.status).toBe(200);
    expect(query.body.inventories).toEqual([
      expect.objectContaining({ uuid: key.uuid, AccessKeyID: key.AccessKeyID, state: "Enabled" }),
    ]);
    expect(query.body.inventories[0]).not.toHaveProperty("AccessKeySecret");
    const got = await zs.call(`/zstack/v1/accesskeys/${key.uuid}`, {
      headers: zs.auth(session, { "X-JSON-Schema": "true" }),
    });
    expect(got.body.inventories[0]).not.toHaveProperty("AccessKeySecret");
    expect(got.body.schema).toEqual({ "inventories[0]": "org.zstack.accessKey.AccessKeyInventory" });
    for (const parameter of [
      `q=AccessKeySecret=${key.AccessKeySecret}`,
      "sort=AccessKeySecret",
      "fields=AccessKeySecret",
    ]) {
      expect(
        (await zs.call(`/zstack/v1/accesskeys?${parameter}`, { headers: zs.auth(session) })).status,
        parameter,
      ).toBe(400);
    }
  });

  it("takes a client's id and secret; a repeated id fails the job with SYS.1007", async () => {
    const mine = { AccessKeyID: "myAccessKeyId01", AccessKeySecret: "mySecretValue0123456" };
    expect((await createKey(zs, mine)).body.inventory).toMatchObject(mine);
    const again = await createKey(zs, mine);
    expect([again.status, again.body.error.code]).toEqual([503, "SYS.1007"]);
    expect(again.body.error.details).toMatch(/AccessKeyID/);
  });

  it("another account's or user's key is ID.1002 through the job", async () => {
    for (const other of [
      { accountUuid: "0123456789abcdef0123456789abcdef" },
      { userUuid: "0123456789abcdef0123456789abcdef" },
    ]) {
      const answer = await createKey(zs, other);
      expect([answer.status, answer.body.error.code]).toEqual([503, "ID.1002"]);
    }
  });

  it("the job poll names ZStack's class with X-JSON-Schema", async () => {
    const accepted = await zs.call("/zstack/v1/accesskeys", {
      method: "POST",
      headers: zs.auth(session),
      body: { params: owner },
    });
    const answer = await zs.poll(session, accepted, { "X-JSON-Schema": "true" });
    expect(answer.body.schema).toEqual({ inventory: "org.zstack.accessKey.AccessKeyInventory" });
  });
});

describe("signed requests", () => {
  let key: Key;
  beforeAll(async () => {
    key = (await createKey()).body.inventory;
  });

  it("a signed query is served, its query string left out of the signature", async () => {
    const answer = await signedCall(zs, key, "GET", "/zstack/v1/ai/model-services?limit=5&q=requestCpu>=1");
    expect(answer.status).toBe(200);
    expect(answer.body.inventories).toEqual(expect.any(Array));
  });

  it("a signed asynchronous call and its signed poll succeed", async () => {
    await zs.ensureCenter(await zs.login());
    const accepted = await signedCall(zs, key, "POST", "/zstack/v1/ai/model-services", documentBody());
    expect(accepted.status).toBe(202);
    const path = new URL(accepted.body.location).pathname;
    const polled = await signedCall(zs, key, "GET", path);
    expect(polled.status).toBe(200);
    expect(polled.body.inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it("takes each Date form: GMT, +0800, Asia/Shanghai, CST", async () => {
    const now = Date.now();
    for (const date of [
      rfc1123(now),
      eastEight(now, "+0800"),
      eastEight(now, "Asia/Shanghai"),
      eastEight(now, "CST"),
    ]) {
      expect((await signedCall(zs, key, "GET", "/zstack/v1/accesskeys", undefined, date)).status, date).toBe(200);
    }
  });

  it("a wrong signature is 503 ID.1001 on a query", async () => {
    const answer = await signedCall(
      zs,
      { ...key, AccessKeySecret: "not-the-secret-0000" },
      "GET",
      "/zstack/v1/ai/model-services",
    );
    expect([answer.status, answer.body.error.code]).toEqual([503, "ID.1001"]);
    const unknown = await signedCall(
      zs,
      { ...key, AccessKeyID: "noSuchKey000000" },
      "GET",
      "/zstack/v1/ai/model-services",
    );
    expect([unknown.status, unknown.body.error.code]).toEqual([503, "ID.1001"]);
  });

  it("a wrong signature on an asynchronous API is 202, and the job's poll answers ID.1001", async () => {
    const wrong = { ...key, AccessKeySecret: "not-the-secret-0000" };
    const answer = await signedCall(zs, wrong, "POST", "/zstack/v1/ai/model-services", documentBody());
    expect(answer.status).toBe(202);
    const refusal = await signedCall(zs, wrong, "GET", new URL(answer.body.location).pathname);
    expect([refusal.status, refusal.body.error.code]).toEqual([503, "ID.1001"]);
  });

  it("a Date more than 15 minutes off is 403; a missing Date 400; a garbled header 400", async () => {
    const skewed = await signedCall(
      zs,
      key,
      "GET",
      "/zstack/v1/accesskeys",
      undefined,
      rfc1123(Date.now() - 16 * 60_000),
    );
    expect(skewed.status).toBe(403);
    expect(skewed.body.error.details).toMatch(/15 minutes/);
    const headers = signed(key, "GET", "/zstack/v1/accesskeys", null);
    expect((await zs.call("/zstack/v1/accesskeys", { headers })).status).toBe(400);
    expect(
      (
        await zs.call("/zstack/v1/accesskeys", {
          headers: { Authorization: `ZStack ${key.AccessKeyID}`, Date: rfc1123(Date.now()) },
        })
      ).status,
    ).toBe(400);
  });
});

describe("ChangeAccessKeyState and DeleteAccessKey", () => {
  const change = async (uuid: string, stateEvent: string) =>
    job(
      zs,
      await zs.call(`/zstack/v1/accesskeys/${uuid}/actions`, {
        method: "PUT",
        headers: zs.auth(session),
        body: { changeAccessKeyState: { stateEvent } },
      }),
    );

  it("a disabled key is refused until enabled again; the answer never shows the secret", async () => {
    const key: Key = (await createKey()).body.inventory;
    const disabled = await change(key.uuid, "disable");
    expect(disabled.body.inventory).toMatchObject({ uuid: key.uuid, state: "Disabled" });
    expect(disabled.body.inventory).not.toHaveProperty("AccessKeySecret");
    expect((await signedCall(zs, key, "GET", "/zstack/v1/accesskeys")).body.error.code).toBe("ID.1001");
    expect((await change(key.uuid, "enable")).body.inventory.state).toBe("Enabled");
    expect((await signedCall(zs, key, "GET", "/zstack/v1/accesskeys")).status).toBe(200);
  });

  it("an unknown uuid fails SYS.1003 naming AccessKeyVO; a bad stateEvent SYS.1007", async () => {
    const unknown = await change("0123456789abcdef0123456789abcdef", "enable");
    expect(unknown.body.error).toMatchObject({
      code: "SYS.1003",
      details: expect.stringContaining("type:AccessKeyVO"),
    });
    const bad = await change("0123456789abcdef0123456789abcdef", "pause");
    expect(bad.body.error.code).toBe("SYS.1007");
  });

  it("a deleted key is refused; deleting an unknown uuid succeeds", async () => {
    const key: Key = (await createKey()).body.inventory;
    const deleted = await job(
      zs,
      await zs.call(`/zstack/v1/accesskeys/${key.uuid}`, { method: "DELETE", headers: zs.auth(session) }),
    );
    expect([deleted.status, deleted.body]).toEqual([200, {}]);
    expect((await signedCall(zs, key, "GET", "/zstack/v1/accesskeys")).body.error.code).toBe("ID.1001");
    const again = await job(
      zs,
      await zs.call(`/zstack/v1/accesskeys/${key.uuid}`, { method: "DELETE", headers: zs.auth(session) }),
    );
    expect([again.status, again.body]).toEqual([200, {}]);
  });
});

/** A logger at `warn` whose lines the test reads. */
function capturedWarnings() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level: "warn" }, sink) };
}

describe("secrets at rest", () => {
  /** Every byte of a SQLite database: the file and its write-ahead log. */
  const databaseBytes = (file: string) =>
    [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString("latin1"))
      .join("");

  it("with --secret-key no secret is stored in clear, jobs included, and signing still works", async () => {
    const dir = tempDir();
    const secretKey = randomBytes(32).toString("base64");
    const server = await startServer({ secretKey }, dir.dir);
    try {
      const login = await server.login();
      const secret = "ClearTextWouldBeVisible0123456789";
      const created = await createKey(server, { AccessKeySecret: secret }, login);
      expect(created.body.inventory.AccessKeySecret).toBe(secret);
      const key: Key = created.body.inventory;
      expect((await signedCall(server, key, "GET", "/zstack/v1/accesskeys")).status).toBe(200);
      expect(databaseBytes(join(dir.dir, "server.db"))).not.toContain(secret);
    } finally {
      await server.close();
    }
    // Restarted without the key, the sealed secret opens no more: its signatures are refused.
    const { lines, logger } = capturedWarnings();
    const without = await startServer({ logger }, dir.dir);
    try {
      expect(lines.join("")).toMatch(/another --secret-key/);
      const keys = await without.call("/zstack/v1/accesskeys", { headers: without.auth(await without.login()) });
      expect(keys.body.inventories).toHaveLength(1);
    } finally {
      await without.close();
      dir.remove();
    }
  });

  it("without --secret-key the server warns at start once access keys exist", async () => {
    const dir = tempDir();
    const first = await startServer({}, dir.dir);
    await createKey(first, {}, await first.login());
    await first.close();
    const { lines, logger } = capturedWarnings();
    const second = await startServer({ logger }, dir.dir);
    await second.close();
    dir.remove();
    expect(lines.join("")).toMatch(/stored in clear/);
  });
});
