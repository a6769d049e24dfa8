// The SDK-style actions against the real server, written the way the source document's Java example is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddModelServiceAction,
  DeleteModelServiceAction,
  GetModelServiceAction,
  LogInByAccountAction,
  LogOutAction,
  QueryModelServiceAction,
  RenewSessionAction,
  sha512Hex,
  UpdateModelServiceAction,
  ZSClient,
  ZStackApiError,
} from "../../client/index.js";
import { admin, minimalParam, startServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  // The center minimalParam names (references are checked).
  await server.ensureCenter(await server.login());
  ZSClient.configure({ baseUrl: server.url, pollingInterval: 20 });
});
afterAll(async () => {
  ZSClient.configure({});
  await server?.close();
});

async function logIn(): Promise<string> {
  const action = new LogInByAccountAction();
  action.accountName = admin.accountName;
  action.password = await sha512Hex(admin.password);
  return (await action.call()).throwExceptionIfError().value.inventory.uuid;
}

describe("SDK-style actions against the server", () => {
  it("log in, add, get, query, update, delete, log out", async () => {
    const sessionId = await logIn();

    const add = new AddModelServiceAction();
    Object.assign(add, minimalParam("sdk-style"));
    add.description = "added by an action";
    add.type = "FineTune";
    add.architectureImages = [{ cpuArchitecture: "X86_64", dockerImage: "registry.example.com/x86_64/img:1" }];
    add.sessionId = sessionId;
    const added = await add.call();
    expect(added.error).toBeNull();
    const { inventory } = added.throwExceptionIfError().value;
    expect(inventory).toMatchObject({ name: "sdk-style", type: "FineTune", cpuArchitectures: ["X86_64"] });

    const get = new GetModelServiceAction();
    get.uuid = inventory.uuid;
    get.sessionId = sessionId;
    expect((await get.call()).throwExceptionIfError().value.inventory).toEqual(inventory);

    const query = new QueryModelServiceAction();
    query.conditions = ["type=FineTune", `uuid=${inventory.uuid}`];
    query.replyWithCount = true;
    query.sessionId = sessionId;
    expect((await query.call()).throwExceptionIfError().value).toEqual({ inventories: [inventory], total: 1 });

    const update = new UpdateModelServiceAction();
    update.uuid = inventory.uuid;
    update.requestMemory = 4096;
    update.sessionId = sessionId;
    expect((await update.call()).throwExceptionIfError().value.inventory.requestMemory).toBe(4096);

    const remove = new DeleteModelServiceAction();
    remove.uuid = inventory.uuid;
    remove.sessionId = sessionId;
    expect((await remove.call()).error).toBeNull();
    expect((await get.call()).value).toEqual({ inventory: undefined });

    const logout = new LogOutAction();
    logout.sessionId = sessionId;
    expect((await logout.call()).error).toBeNull();
    const after = await query.call();
    expect(after.error).toMatchObject({ code: "ID.1001" });
    expect(after.value).toBeNull();
  });

  it("a missing required field comes back as the job's SYS.1007, and throwExceptionIfError throws it", async () => {
    const add = new AddModelServiceAction();
    add.name = "incomplete";
    add.sessionId = await logIn();
    const result = await add.call();
    expect(result.error).toMatchObject({ code: "SYS.1007", description: "One or more API argument is invalid" });
    expect(result.error?.details).toMatch(/yaml/);
    expect(() => result.throwExceptionIfError()).toThrow(ZStackApiError);
  });

  it("RenewSessionAction renews the session `sessionUuid` for `duration` seconds", async () => {
    const renew = new RenewSessionAction();
    renew.sessionId = await logIn();
    renew.sessionUuid = renew.sessionId;
    renew.duration = 86400;
    const { value } = (await renew.call()).throwExceptionIfError();
    expect(value.inventory).toMatchObject({ uuid: renew.sessionId, expiredDate: expect.any(String) });
  });

  it("an async action with an unknown session gets the job's ID.1001 in error (ZStack SDK callback form)", async () => {
    const add = new AddModelServiceAction();
    Object.assign(add, minimalParam("no-session"));
    add.sessionId = "b86c9016b4f24953a9edefb53ca0678c";
    const result = await add.call();
    expect(result.error).toMatchObject({ code: "ID.1001" });
    expect(result.value).toBeNull();
  });

  it("a plain password (not its SHA-512) is ID.1000 in error, as with ZStack's SDK", async () => {
    const action = new LogInByAccountAction();
    action.accountName = "admin";
    action.password = admin.password;
    expect((await action.call()).error).toMatchObject({ code: "ID.1000" });
  });

  it("a wrong password is ID.1000 in error", async () => {
    const action = new LogInByAccountAction();
    action.accountName = "admin";
    action.password = await sha512Hex("not the password");
    expect((await action.call()).error).toMatchObject({ code: "ID.1000" });
  });

  it("an action's own baseUrl wins over ZSClient.configure", async () => {
    const query = new QueryModelServiceAction();
    query.baseUrl = "http://127.0.0.1:1";
    query.sessionId = await logIn();
    expect((await query.call()).error).toMatchObject({ code: "sdk.1000" });
  });
});
