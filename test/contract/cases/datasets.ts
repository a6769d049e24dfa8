// Contract cases of the dataset operations: each succeeds and fails as the document says, through the typed
// client's `raw` (openapi-fetch) and its waitForJob, against the real server with response validation on.
import { expect } from "vitest";
import type { ApiVersion, latestApiVersion } from "../../../generated/types/index.js";
import { centerParam } from "../../helpers/server.js";
import { newUuid } from "../../helpers/uuids.js";
import { jobsOf } from "../calls.js";
import type { Contract } from "../harness.js";
import { sendingInvalid } from "../judge.js";
import type { Cases } from "./index.js";

export function datasetCases(contract: Contract<ApiVersion>): Cases {
  const c = contract as unknown as Contract<typeof latestApiVersion>;
  const raw = () => c.client.raw;
  const { job, jobFailure } = jobsOf(contract);
  /** A new model center to create datasets in (a new one each time: another resource's cases may delete one). */
  const modelCenter = async (): Promise<string> => (await c.client.addModelCenter(centerParam)).uuid;

  async function create(name = "alpaca-zh", modelCenterUuid?: string) {
    const params = {
      name,
      url: "192.168.10.12:/ai/datasets/alpaca-zh",
      modelCenterUuid: modelCenterUuid ?? (await modelCenter()),
    };
    const result = await job(raw().POST("/zstack/v1/ai/datasets", { body: { params } }));
    return result.inventory as { uuid: string; name?: string };
  }

  async function get(uuid: string) {
    const { data } = await raw().GET("/zstack/v1/ai/datasets/{uuid}", { params: { path: { uuid } } });
    return data!.inventories?.[0];
  }

  return {
    CreateDataset: {
      success: async () => {
        const center = await modelCenter();
        const inventory = await create("contract dataset", center);
        expect(inventory).toMatchObject({ name: "contract dataset", system: false, modelCenterUuid: center });
      },
      failure: async () => {
        const params = { name: "x".repeat(256), url: "u", modelCenterUuid: await modelCenter() };
        const error = await jobFailure(
          sendingInvalid(() => raw().POST("/zstack/v1/ai/datasets", { body: { params } })),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("params.name");
      },
    },
    QueryDataset: {
      success: async () => {
        const created = await create("query this dataset");
        const { data } = await raw().GET("/zstack/v1/ai/datasets", {
          params: { query: { q: ["name=query this dataset"], replyWithCount: true } },
        });
        expect([data!.inventories!.map((i) => i.uuid), data!.total]).toEqual([[created.uuid], 1]);
      },
      failure: async () => {
        const { response, error } = await raw().GET("/zstack/v1/ai/datasets", {
          params: { query: { q: ["noSuchField=1"] } },
        });
        expect([response.status, error?.error.code]).toEqual([400, "SYS.1007"]);
      },
    },
    GetDataset: {
      success: async () => {
        const created = await create();
        expect(await get(created.uuid)).toEqual(created);
      },
      failure: async () => {
        const { response, error } = await sendingInvalid(() =>
          raw().GET("/zstack/v1/ai/datasets/{uuid}", { params: { path: { uuid: "not-a-uuid" } } }),
        );
        expect([response.status, error?.error.code]).toEqual([503, "SYS.1007"]);
      },
    },
    UpdateDataset: {
      success: async () => {
        const created = await create();
        const result = await job(
          raw().PUT("/zstack/v1/ai/datasets/{uuid}", {
            params: { path: { uuid: created.uuid } },
            body: { updateDataset: { description: "cleaned", usageScenarios: ["FineTune"], dataType: "Text" } },
          }),
        );
        expect(result.inventory).toMatchObject({ uuid: created.uuid, description: "cleaned" });
        expect(result.inventory).not.toHaveProperty("usageScenarios");
      },
      failure: async () => {
        const uuid = newUuid();
        const error = await jobFailure(
          raw().PUT("/zstack/v1/ai/datasets/{uuid}", {
            params: { path: { uuid } },
            body: { updateDataset: { name: "x" } },
          }),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
        expect(error.details).toContain("type:DatasetVO");
      },
    },
    UpdateDatasets: {
      success: async () => {
        const created = await create();
        const unknown = newUuid();
        const result = await job(
          raw().PUT("/zstack/v1/ai/datasets", {
            body: {
              updateDatasets: {
                updateDatasetStructs: [
                  { uuid: created.uuid, dataType: "Image" },
                  { uuid: unknown, dataType: "Text" },
                ],
              },
            },
          }),
        );
        expect(result.results).toEqual([
          { uuid: created.uuid, success: true },
          { uuid: unknown, success: false, error: expect.objectContaining({ code: "SYS.1003" }) },
        ]);
      },
      failure: async () => {
        const body = { updateDatasets: { updateDatasetStructs: [{ uuid: newUuid(), dataType: "Hologram" }] } };
        const error = await jobFailure(
          sendingInvalid(() => raw().PUT("/zstack/v1/ai/datasets", { body: body as never })),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("dataType");
      },
    },
    DeleteDataset: {
      success: async () => {
        const created = await create();
        expect(
          await job(
            raw().DELETE("/zstack/v1/ai/datasets/{uuid}", {
              params: { path: { uuid: created.uuid }, query: { deleteMode: "Enforcing" } },
            }),
          ),
        ).toEqual({});
        expect(await get(created.uuid)).toBeUndefined();
      },
      failure: async () => {
        const error = await jobFailure(
          sendingInvalid(() =>
            raw().DELETE("/zstack/v1/ai/datasets/{uuid}", {
              params: { path: { uuid: newUuid() }, query: { deleteMode: "Sometimes" as never } },
            }),
          ),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("deleteMode");
      },
    },
    DeleteDatasets: {
      success: async () => {
        const created = await create();
        const unknown = newUuid();
        const result = await job(
          raw().DELETE("/zstack/v1/ai/datasets", {
            params: { query: { uuids: [created.uuid, unknown] } },
          }),
        );
        expect(result.results).toEqual([
          { uuid: created.uuid, success: true },
          { uuid: unknown, success: true },
        ]);
        expect(await get(created.uuid)).toBeUndefined();
      },
      failure: async () => {
        const error = await jobFailure(
          sendingInvalid(() =>
            raw().DELETE("/zstack/v1/ai/datasets", { params: { query: { uuids: ["not-a-uuid"] } } }),
          ),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("uuids");
      },
    },
  };
}
