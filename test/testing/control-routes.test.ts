// The stand-in's controls over HTTP (`--control`): every answer checked against generated/control-openapi.yaml;
// loopback callers only unless they send the control token; absent (404) without --control; reset on PostgreSQL.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/documents.js";
import { createTestSchema, describeOnPostgres, type TestSchema } from "../helpers/postgres.js";
import { schemaValidator } from "../helpers/schema-validator.js";
import { callJson, postCenter, startServer, type Answer, type TestServer, useServer } from "../helpers/server.js";

// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI document.
const controlDoc = load(readFileSync(join(repoRoot, "generated/control-openapi.yaml"), "utf8")) as any;
const validate = schemaValidator(controlDoc);
const centerUuid = "0123456789ab4def8123456789abcdee";
const token = "a-control-token-of-some-length";

/** A control call whose answer must be one the control document declares for that operation, body included. */
async function control(base: string, method: string, path: string, body?: object, headers = {}): Promise<Answer> {
  const json: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
  const answer = await callJson(`${base}${path}`, { method, body, headers: { ...json, ...headers } });
  const declared = controlDoc.paths[path]?.[method.toLowerCase()]?.responses?.[String(answer.status)];
  expect(declared, `${method} ${path} answered an undeclared ${answer.status}`).toBeDefined();
  const schema = declared.content?.["application/json"]?.schema;
  if (schema) expect(validate(schema, answer.body)).toEqual([]);
  else expect(answer.body ?? "").toEqual("");
  return answer;
}

const addCenter = (zs: TestServer, session: string) => postCenter(zs.url, session, { resourceUuid: centerUuid });

describe("--control on loopback", () => {
  let zs: TestServer;
  let session: string;
  useServer({ control: true, db: ":memory:" }, (suite) => ({ zs, session } = suite));

  it("POST /zms/v1/faults fails the next call of the action, without a ZStack session", async () => {
    await control(zs.url, "POST", "/zms/v1/faults", { api: "AddModelCenter", code: "SYS.1006", details: "no disk" });
    const failed = await zs.poll(session, await addCenter(zs, session));
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: "SYS.1006", details: "no disk" });
    expect((await zs.poll(session, await addCenter(zs, session))).status).toBe(200);
  });

  it("rejects a bad rule with 400 naming the field", async () => {
    const unknown = await control(zs.url, "POST", "/zms/v1/faults", { api: "AddModelCenter", code: "X", when: 1 });
    expect(unknown.body.error.details).toMatch(/when: not a field of FaultRule/);
    const action = await control(zs.url, "POST", "/zms/v1/faults", { api: "AddModelCentre", code: "X" });
    expect(action.body.error.details).toMatch(/api: AddModelCentre is not an action of API version/);
    const delay = await control(zs.url, "POST", "/zms/v1/faults", { api: "AddModelCenter", delayMs: "soon" });
    expect(delay.body.error.details).toMatch(/delayMs: must be integer/);
  });

  it("DELETE /zms/v1/faults clears the rules", async () => {
    await control(zs.url, "POST", "/zms/v1/faults", { api: "QueryModelCenter", code: "SYS.1000", times: 0 });
    expect((await zs.call("/zstack/v1/ai/model-centers", { headers: zs.auth(session) })).status).toBe(503);
    await control(zs.url, "DELETE", "/zms/v1/faults");
    expect((await zs.call("/zstack/v1/ai/model-centers", { headers: zs.auth(session) })).status).toBe(200);
  });

  it("sets a model center's status", async () => {
    await control(zs.url, "POST", "/zms/v1/faults", { modelCenterUuid: centerUuid, status: "Disconnected" });
    const got = await zs.call(`/zstack/v1/ai/model-centers/${centerUuid}`, { headers: zs.auth(session) });
    expect(got.body.inventories[0].status).toBe("Disconnected");
    const bad = await control(zs.url, "POST", "/zms/v1/faults", { modelCenterUuid: centerUuid, status: "Lost" });
    expect(bad.body.error.details).toMatch(/status/);
  });

  it("GET /zms/v1/journal lists the API calls; POST /zms/v1/reset empties the store, keeps the session", async () => {
    await control(zs.url, "POST", "/zms/v1/reset");
    expect((await control(zs.url, "GET", "/zms/v1/journal")).body).toEqual({ entries: [] });
    await zs.poll(session, await addCenter(zs, session));
    const { entries } = (await control(zs.url, "GET", "/zms/v1/journal")).body;
    expect(entries.map((entry: { api: string }) => entry.api)).toEqual(["AddModelCenter", "GetApiJob"]);
    await control(zs.url, "POST", "/zms/v1/reset");
    const after = await zs.call("/zstack/v1/ai/model-centers", { headers: zs.auth(session) });
    expect([after.status, after.body.inventories]).toEqual([200, []]);
  });
});

describe("--control from another address", () => {
  let zs: TestServer;
  let remote: string;
  beforeAll(async () => {
    zs = await startServer({ control: true, controlToken: token, host: "0.0.0.0", adminPassword: "secret-pass" });
    const { networkInterfaces } = await import("node:os");
    const address = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === "IPv4" && !info.internal)?.address;
    remote = `${zs.url.replace("0.0.0.0", address ?? "127.0.0.1")}`;
    expect(address, "a non-loopback IPv4 address to call from").toBeDefined();
  });
  afterAll(async () => zs?.close());

  it("answers 403 without the token and serves a caller with Authorization: Bearer <token>", async () => {
    const denied = await control(remote, "GET", "/zms/v1/journal");
    expect(denied.status).toBe(403);
    expect((await control(remote, "GET", "/zms/v1/journal", undefined, { Authorization: "Bearer wrong" })).status).toBe(
      403,
    );
    const served = await control(remote, "GET", "/zms/v1/journal", undefined, { Authorization: `Bearer ${token}` });
    expect(served.status).toBe(200);
  });
});

describe("without --control", () => {
  let zs: TestServer;
  beforeAll(async () => {
    zs = await startServer({ db: ":memory:" });
  });
  afterAll(async () => zs?.close());

  it("the control routes do not exist (404)", async () => {
    for (const [method, path] of [
      ["POST", "/zms/v1/faults"],
      ["DELETE", "/zms/v1/faults"],
      ["GET", "/zms/v1/journal"],
      ["POST", "/zms/v1/reset"],
    ] as const) {
      const answer = await callJson(`${zs.url}${path}`, {
        method,
        ...(method === "POST" ? { body: {}, headers: { "Content-Type": "application/json" } } : {}),
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
  });
});

describeOnPostgres("reset on PostgreSQL", () => {
  let schema: TestSchema;
  let zs: TestServer;
  beforeAll(async () => {
    schema = await createTestSchema("stand_in_reset");
    zs = await startServer({ db: schema.url, control: true });
  });
  afterAll(async () => {
    await zs?.close();
    await schema?.drop();
  });

  it("removes every resource and job and keeps the session", async () => {
    const session = await zs.login();
    const added = await addCenter(zs, session);
    expect((await zs.poll(session, added)).status).toBe(200);
    await control(zs.url, "POST", "/zms/v1/reset");
    expect((await zs.call(new URL(added.body.location).pathname, { headers: zs.auth(session) })).status).toBe(404);
    const after = await zs.call("/zstack/v1/ai/model-centers", { headers: zs.auth(session) });
    expect([after.status, after.body.inventories]).toEqual([200, []]);
  });
});
