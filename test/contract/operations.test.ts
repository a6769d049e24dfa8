// Every operation in the spec has a success and a failure case, driven through the client against the
// real server with response validation on. The list of operations comes from the published document, so a
// new operation without cases fails here.
import { describe, expect, it } from "vitest";
import { latestApiVersion } from "../../generated/types/index.js";
import { listOperations, loadDocument } from "../helpers/documents.js";
import { failure } from "./calls.js";
import { useContract, send } from "./harness.js";
import { sendingInvalid, sendingOutsideTheSpec } from "./judge.js";
import { documentParam } from "./spec-examples.js";
import { type Cases, resourceCases } from "./cases/index.js";
import { accessKeyCases } from "./access-key-cases.js";

const contract = useContract();
const param = () => documentParam(latestApiVersion);

const cases: Cases = {
  Livez: {
    success: async () => expect((await contract.client.raw.GET("/livez")).data).toEqual({ status: "ok" }),
    failure: async () => {
      const answer = await sendingOutsideTheSpec(() => send(contract, "/livez", { method: "POST" }));
      expect([answer.status, answer.body.error.code]).toEqual([405, expect.any(String)]);
    },
  },
  Readyz: {
    success: async () => expect((await contract.client.raw.GET("/readyz")).data).toEqual({ status: "ok" }),
    failure: async () => {
      const answer = await sendingOutsideTheSpec(() => send(contract, "/readyz", { method: "DELETE" }));
      expect(answer.status).toBe(405);
      expect(answer.body.error.code).toEqual(expect.any(String));
    },
  },
  LogInByAccount: {
    success: async () => {
      const other = await contract.clientOf(latestApiVersion);
      expect(other.sessionId).toMatch(/^[0-9a-f]{32}$/);
    },
    failure: async () => {
      const client = await contract.clientOf(latestApiVersion);
      const error = await failure(client.login({ accountName: "admin", password: "not the password" }));
      expect([error.status, error.code]).toEqual([503, "ID.1000"]);
    },
  },
  LogOut: {
    success: async () => {
      const other = await contract.clientOf(latestApiVersion);
      const session = other.sessionId!;
      await other.logout();
      const { data } = await contract.client.raw.GET("/zstack/v1/accounts/sessions/{sessionUuid}/valid", {
        params: { path: { sessionUuid: session } },
      });
      expect(data).toEqual({ valid: false });
    },
    failure: async () => {
      const answer = await sendingOutsideTheSpec(() =>
        send(contract, `/zstack/v1/accounts/sessions/${contract.session}`, { method: "POST" }),
      );
      expect(answer.status).toBe(405);
    },
  },
  ValidateSession: {
    success: async () => {
      const { data } = await contract.client.raw.GET("/zstack/v1/accounts/sessions/{sessionUuid}/valid", {
        params: { path: { sessionUuid: contract.session } },
      });
      expect(data).toEqual({ valid: true });
    },
    failure: async () => {
      const answer = await sendingOutsideTheSpec(() =>
        send(contract, `/zstack/v1/accounts/sessions/${contract.session}/valid`, { method: "PUT" }),
      );
      expect(answer.status).toBe(405);
    },
  },
  AddModelService: {
    success: async () => {
      const inventory = await contract.client.addModelService(param());
      expect(inventory).toMatchObject({ name: param().name, requestCpu: 4, requestMemory: 1024, type: "Endpoint" });
    },
    failure: async () => {
      const error = await failure(sendingInvalid(() => contract.client.addModelService({ ...param(), requestCpu: 0 })));
      expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
      expect(error.details).toContain("param.requestCpu");
    },
  },
  QueryModelService: {
    success: async () => {
      const added = await contract.client.addModelService({ ...param(), name: "query me" });
      const { inventories, total } = await contract.client.queryModelServices({
        q: ["name=query me"],
        replyWithCount: true,
      });
      expect(inventories.map((i) => i.uuid)).toEqual([added.uuid]);
      expect(total).toBe(1);
    },
    failure: async () => {
      const error = await failure(contract.client.queryModelServices({ q: ["noSuchField=1"] }));
      expect(error.status).toBe(400);
      expect(error.details).toContain("noSuchField");
    },
  },
  GetModelService: {
    success: async () => {
      const added = await contract.client.addModelService(param());
      expect(await contract.client.getModelService(added.uuid)).toEqual(added);
    },
    failure: async () => {
      const error = await failure(sendingInvalid(() => contract.client.getModelService("not-a-uuid")));
      expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
    },
  },
  DeleteModelService: {
    success: async () => {
      const added = await contract.client.addModelService(param());
      await contract.client.deleteModelService(added.uuid, { deleteMode: "Enforcing" });
      expect(await contract.client.getModelService(added.uuid)).toBeUndefined();
    },
    failure: async () => {
      const stranger = await contract.clientOf(latestApiVersion);
      await stranger.logout();
      stranger.sessionId = "0123456789abcdef0123456789abcdef";
      const error = await failure(stranger.deleteModelService("0123456789abcdef0123456789abcdef"));
      expect([error.status, error.code]).toEqual([503, "ID.1001"]);
    },
  },
  RenewSession: {
    success: async () => {
      const other = await contract.clientOf(latestApiVersion);
      const renewed = await other.renewSession(other.sessionId!, { duration: 3600 });
      expect(renewed.uuid).toBe(other.sessionId);
      expect(renewed.expiredDate).toEqual(expect.any(String));
    },
    failure: async () => {
      const error = await failure(contract.client.renewSession("0123456789abcdef0123456789abcdef", { duration: 3600 }));
      expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
    },
  },
  GetApiJob: {
    success: async () => {
      const jobUuid = "00112233445566778899aabbccddeeff";
      await contract.client.addModelService(param(), { jobUuid });
      const result = await contract.client.waitForJob(`${contract.url}/zstack/v1/api-jobs/${jobUuid}`);
      expect((result.inventory as { name?: string } | undefined)?.name).toBe(param().name);
    },
    failure: async () => {
      const error = await failure(
        contract.client.waitForJob(`${contract.url}/zstack/v1/api-jobs/ffeeddccbbaa99887766554433221100`),
      );
      expect(error.status).toBe(404);
    },
  },
  ...accessKeyCases(contract, failure),
};

Object.assign(cases, resourceCases(contract as never));

describe("every operation of the spec", () => {
  it("has a success and a failure case here", () => {
    const operationIds = listOperations(loadDocument(latestApiVersion)).map(
      ({ operation }) => operation.operationId as string,
    );
    expect(Object.keys(cases).sort()).toEqual(operationIds.sort());
  });

  describe.each(Object.keys(cases))("%s", (operationId) => {
    it("succeeds", () => cases[operationId]!.success());
    it("fails with a ZStack error", () => cases[operationId]!.failure());
  });
});
