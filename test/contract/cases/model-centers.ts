// Success and failure cases of the model-center operations, through the typed client's `.raw` (openapi-fetch,
// typed by the generated documents) and its job poll, with the server validating its own answers.
import { expect } from "vitest";
import type { ApiVersion } from "../../../generated/types/index.js";
import { failure, jobsOf } from "../calls.js";
import { type Contract, send } from "../harness.js";
import { sendingInvalid } from "../judge.js";
import { type Cases, failsWithUnknownSession } from "./index.js";

const unknownUuid = "0123456789abcdef0123456789abcdef";

/** AddModelCenter's example on ZStack's page (reference §4.1); the name is ours. */
const documentCenterParam = (name = "model center") => ({
  name,
  url: "192.168.10.12:/ai/model_center",
  description: "model center for AI models",
  parameters: "mount parameters",
  managementIp: "172.25.141.105",
  managementPort: 5000,
  containerRegistry: "172.27.142.13:10043/registry",
});

export function modelCenterCases(contract: Contract<ApiVersion>): Cases {
  const raw = () => (contract as Contract<"5.5.22">).client.raw;
  /** The job result behind a 202 from `.raw`. */
  const { job } = jobsOf(contract);
  const add = async (name?: string) =>
    (await job(raw().POST("/zstack/v1/ai/model-centers", { body: { param: documentCenterParam(name) } }))).inventory;
  const get = (uuid: string) => raw().GET("/zstack/v1/ai/model-centers/{uuid}", { params: { path: { uuid } } });

  return {
    AddModelCenter: {
      success: async () => {
        const inventory = await add();
        expect(inventory).toMatchObject({
          ...documentCenterParam(),
          status: "Connected",
          capacity: { modelUsedCapacity: 0 },
        });
      },
      failure: async () => {
        const body = { param: { ...documentCenterParam(), managementPort: 0 } };
        const error = await failure(sendingInvalid(() => job(raw().POST("/zstack/v1/ai/model-centers", { body }))));
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("param.managementPort");
      },
    },
    QueryModelCenter: {
      success: async () => {
        const added = await add("query this center");
        const { data } = await raw().GET("/zstack/v1/ai/model-centers", {
          params: { query: { q: ["name=query this center"], replyWithCount: true } },
        });
        expect(data?.inventories?.map((i) => i.uuid)).toEqual([added.uuid]);
        expect(data?.total).toBe(1);
      },
      failure: async () => {
        const answer = await send(contract, "/zstack/v1/ai/model-centers?q=noSuchField%3D1", {
          headers: { Authorization: `OAuth ${contract.session}` },
        });
        expect(answer.status).toBe(400);
        expect(answer.body.error.details).toContain("noSuchField");
      },
    },
    GetModelCenter: {
      success: async () => {
        const added = await add();
        expect((await get(added.uuid)).data?.inventories).toEqual([added]);
      },
      failure: async () => {
        const { response, error } = await sendingInvalid(() => get("not-a-uuid"));
        expect([response.status, error?.error.code]).toEqual([503, "SYS.1007"]);
      },
    },
    UpdateModelCenter: {
      success: async () => {
        const added = await add();
        const body = { updateModelCenter: { description: "moved", managementPort: 5001 } };
        const { inventory } = await job(
          raw().PUT("/zstack/v1/ai/model-centers/{uuid}", { params: { path: { uuid: added.uuid } }, body }),
        );
        expect(inventory).toMatchObject({
          uuid: added.uuid,
          name: added.name,
          description: "moved",
          managementPort: 5001,
        });
      },
      failure: async () => {
        const body = { updateModelCenter: { name: "nobody" } };
        const error = await failure(
          job(raw().PUT("/zstack/v1/ai/model-centers/{uuid}", { params: { path: { uuid: unknownUuid } }, body })),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
      },
    },
    DeleteModelCenter: {
      success: async () => {
        const added = await add();
        const result = await job(
          raw().DELETE("/zstack/v1/ai/model-centers/{uuid}", { params: { path: { uuid: added.uuid } } }),
        );
        expect(result).toEqual({});
        expect((await get(added.uuid)).data?.inventories).toEqual([]);
      },
      failure: () => failsWithUnknownSession(contract, "DELETE", `/zstack/v1/ai/model-centers/${unknownUuid}`),
    },
  };
}
