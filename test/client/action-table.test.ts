// The client's split of shared operations into ZStack's APIs is the one hand-written list of the client's table:
// it must say what every published document's `x-zstack-actions` says, for every operation that has them.
import { describe, expect, it } from "vitest";
import { actionTable, sharedActions } from "../../client/action-table.js";
import { operations } from "../../generated/types/operations.js";
import { loadDocument } from "../../server/contract/documents.js";
import { apiVersions } from "../../server/options.js";

describe.each(apiVersions)("the shared operations of %s", (version) => {
  it("are the documents' x-zstack-actions, action by action", () => {
    const doc = loadDocument(version);
    const documented: Record<string, unknown[]> = {};
    for (const item of Object.values(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const op of Object.values(item)) {
        const list = op?.["x-zstack-actions"] as { action: string; envelopeKey: string; jobResult: string }[];
        if (list)
          documented[String(op.operationId)] = list.map(({ action, envelopeKey, jobResult }) => ({
            action,
            envelopeKey,
            jobResult,
          }));
      }
    }
    expect(documented).toEqual(sharedActions);
  });
});

describe("the client's table", () => {
  it("has each shared API as an action with its own key and result, and not the shared operation", () => {
    expect(actionTable).not.toHaveProperty("UpdateOrDeployModelService");
    expect(actionTable.DeployModelService).toMatchObject({
      ...operations.UpdateOrDeployModelService,
      envelope: "deployModelService",
      jobResult: "ModelServiceInstanceGroupResult",
      bodyRequired: true,
    });
    expect(actionTable.UpdateModelService).toMatchObject({ envelope: "updateModelService", method: "put" });
    expect(Object.keys(actionTable)).toHaveLength(Object.keys(operations).length + 1);
  });
});
