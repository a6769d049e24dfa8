// The client's table is generated with a row per ZStack action: an operation that lists the APIs it serves in
// `x-zstack-actions` is a row per API, never a row of its own. Every published document must agree with it.
import { describe, expect, it } from "vitest";
import { actionTable } from "../../client/action-table.js";
import { latestApiVersion } from "../../generated/types/index.js";
import { listOperations, loadDocument } from "../helpers/documents.js";
import { apiVersions } from "../../server/options.js";

type Row = (typeof actionTable)[keyof typeof actionTable];
const rows = actionTable as Record<string, Row>;

describe.each(apiVersions)("the shared operations of %s", (version) => {
  it("are rows of the table, one per action of their x-zstack-actions, with its key and job result", () => {
    const shared = listOperations(loadDocument(version)).filter(({ operation }) => operation["x-zstack-actions"]);
    expect(shared.length).toBeGreaterThan(0);
    for (const { path, method, operation } of shared) {
      for (const { action, envelopeKey, jobResult } of operation["x-zstack-actions"]) {
        expect(rows[action], action).toMatchObject({
          operationId: operation.operationId,
          method,
          path,
          envelope: envelopeKey,
          jobResult,
          bodyRequired: true,
        });
      }
      expect(rows).not.toHaveProperty(operation.operationId);
    }
  });
});

describe("the client's table", () => {
  it("has each shared API as an action with its own key and result, and not the shared operation", () => {
    expect(actionTable).not.toHaveProperty("UpdateOrDeployModelService");
    expect(actionTable.DeployModelService).toMatchObject({
      operationId: "UpdateOrDeployModelService",
      method: "put",
      path: "/zstack/v1/ai/model-services/{uuid}",
      envelope: "deployModelService",
      jobResult: "ModelServiceInstanceGroupResult",
      bodyRequired: true,
      async: true,
    });
    expect(actionTable.UpdateModelService).toMatchObject({
      operationId: "UpdateOrDeployModelService",
      envelope: "updateModelService",
      jobResult: "ModelServiceResult",
      method: "put",
    });
  });

  it("has every other operation of the newest document as the action of its name", () => {
    const operations = listOperations(loadDocument(latestApiVersion)).map(({ operation }) => operation);
    const single = operations.filter((operation) => !operation["x-zstack-actions"]).map((op) => op.operationId);
    const split = operations.flatMap((operation) => operation["x-zstack-actions"] ?? []).map((a) => a.action);
    expect(Object.keys(rows).sort()).toEqual([...single, ...split].sort());
    for (const name of single) expect(rows[name]?.operationId, name).toBe(name);
  });
});
