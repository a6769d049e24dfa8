// The client's methods and SDK-style actions come from the generated operations table, not from a hand list:
// every asynchronous action, Query API and get by uuid of the newest document has both, named after the action.
import { describe, expect, it } from "vitest";
import { actions, createZStackClient } from "../../client/index.js";
import { operations } from "../../generated/types/operations.js";

const client = createZStackClient({ baseUrl: "http://zstack.invalid" }) as unknown as Record<string, unknown>;
const rows = Object.entries(operations) as [string, (typeof operations)[keyof typeof operations]][];

describe("methods and actions derived from the documents", () => {
  it("has a method per asynchronous action, named in camelCase", () => {
    for (const [action, _row] of rows.filter(([, r]) => r.async)) {
      expect(typeof client[action[0]!.toLowerCase() + action.slice(1)], action).toBe("function");
    }
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
