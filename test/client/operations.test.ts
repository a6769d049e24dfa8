// The client's methods and SDK-style actions come from the generated action table, not from a hand list:
// every asynchronous action, Query API and get by uuid of the newest document has both, named after the action
// (an operation ZStack shares between two APIs as each of them: client/action-table.ts).
import { describe, expect, it } from "vitest";
import { actionTable } from "../../client/action-table.js";
import { actions, createZStackClient } from "../../client/index.js";

const client = createZStackClient({ baseUrl: "http://zstack.invalid" }) as unknown as Record<string, unknown>;
const rows = Object.entries(actionTable) as [string, (typeof actionTable)[keyof typeof actionTable]][];

describe("methods and actions derived from the documents", () => {
  // Named by hand, so that a rule or a table that lost rows cannot pass the derived checks below unnoticed.
  it("has the names users call", () => {
    const methods = ["addModelCenter", "queryModelCenters", "iterateModelCenters", "getModelCenter", "addModel"];
    methods.push("bindModelToService", "createDataset", "deleteModels", "deployModelService", "cloneModelService");
    methods.push("queryModelServiceInstanceGroups", "getModelServiceInstanceGroup", "renewSession");
    for (const name of methods) expect(typeof client[name], name).toBe("function");
    expect(Object.keys(actions)).toEqual(
      expect.arrayContaining(["AddModelCenterAction", "DeployModelServiceAction", "QueryDatasetAction"]),
    );
  });

  it("has a method per asynchronous action, named in camelCase", () => {
    for (const [action, _row] of rows.filter(([, r]) => r.async)) {
      expect(typeof client[action[0]!.toLowerCase() + action.slice(1)], action).toBe("function");
    }
  });

  it("has the shared PUT as its two APIs, not as the operation", () => {
    expect(typeof client.updateModelService).toBe("function");
    expect(typeof client.deployModelService).toBe("function");
    expect(client.updateOrDeployModelService).toBeUndefined();
  });

  it("has query, iterate and get methods per resource, queries in the plural", () => {
    for (const [action] of rows.filter(([, r]) => r.kind === "query")) {
      const resource = action.slice("Query".length);
      expect(typeof client[`query${resource}s`], action).toBe("function");
      expect(typeof client[`iterate${resource}s`], action).toBe("function");
    }
    for (const [action] of rows.filter(([, r]) => r.kind === "get")) {
      expect(typeof client[`get${action.slice("Get".length)}`], action).toBe("function");
    }
  });

  it("has an SDK-style action class for every one of them", () => {
    const expected = rows
      .filter(([, r]) => r.async || r.kind === "query" || r.kind === "get")
      .map(([a]) => `${a}Action`);
    expect(Object.keys(actions).sort()).toEqual(expected.sort());
    for (const name of expected)
      expect(typeof new (actions as Record<string, new () => { call: unknown }>)[name]!().call).toBe("function");
  });
});
