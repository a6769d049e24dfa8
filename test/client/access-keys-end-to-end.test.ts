// Access keys against the real server: a logged-in client creates a key (CreateAccessKey), then a client and an
// action that sign with it add and query model services; a wrong secret is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZStackClient, QueryModelServiceAction, type ZStackClient } from "../../client/index.js";
import { admin, minimalParam, startServer, type TestServer as RunningServer } from "../helpers/server.js";

interface AccessKeyInventory {
  uuid: string;
  AccessKeyID: string;
  AccessKeySecret: string;
  state: string;
}

// CreateAccessKey is sent with plain fetch: the client has no createAccessKey method yet.
describe("access keys against the server", () => {
  let server: RunningServer;
  let sessionClient: ZStackClient;
  let key: { id: string; secret: string };

  beforeAll(async () => {
    server = await startServer();
    // The center minimalParam names (references are checked).
    await server.ensureCenter(await server.login());
    sessionClient = createZStackClient({ baseUrl: server.url, pollInterval: 20 });
    const session = await sessionClient.login(admin);
    const response = await fetch(`${server.url}/zstack/v1/accesskeys`, {
      method: "POST",
      headers: { Authorization: `OAuth ${sessionClient.sessionId}`, "Content-Type": "application/json" },
      body: JSON.stringify({ params: { accountUuid: session.accountUuid, userUuid: session.accountUuid } }),
    });
    expect(response.status).toBe(202);
    const { location } = (await response.json()) as { location: string };
    const { inventory } = (await sessionClient.waitForJob(location)) as unknown as { inventory: AccessKeyInventory };
    expect(inventory).toMatchObject({
      state: "Enabled",
      AccessKeyID: expect.any(String),
      AccessKeySecret: expect.any(String),
    });
    key = { id: inventory.AccessKeyID, secret: inventory.AccessKeySecret };
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a client with the key adds (job poll signed too) and queries a model service", async () => {
    const signed = createZStackClient({ baseUrl: server.url, accessKey: key, pollInterval: 20 });
    const added = await signed.addModelService(minimalParam("signed-by-key"));
    expect(added.name).toBe("signed-by-key");
    const { inventories } = await signed.queryModelServices({ q: [`uuid=${added.uuid}`] });
    expect(inventories).toEqual([added]);
    expect(await signed.getModelService(added.uuid)).toEqual(added);
    // The session's client sees the same service.
    expect(await sessionClient.getModelService(added.uuid)).toEqual(added);
  });

  it("an action with accessKeyId and accessKeySecret queries", async () => {
    const query = new QueryModelServiceAction();
    Object.assign(query, {
      baseUrl: server.url,
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      replyWithCount: true,
    });
    const { value } = (await query.call()).throwExceptionIfError();
    expect(value.total).toBeGreaterThanOrEqual(1);
  });

  it("a wrong secret is ID.1001, on a query (503) and on an add's job", async () => {
    const forged = createZStackClient({
      baseUrl: server.url,
      accessKey: { id: key.id, secret: `${key.secret}x` },
      pollInterval: 20,
    });
    await expect(forged.queryModelServices()).rejects.toMatchObject({ code: "ID.1001", status: 503 });
    await expect(forged.addModelService(minimalParam("forged"))).rejects.toMatchObject({ code: "ID.1001" });
  });
});
