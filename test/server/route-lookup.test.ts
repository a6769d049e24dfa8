// The memoized route lookup (server/http/validator-routes.ts) answers exactly as the validator's own: for every
// route and method of the document the memo's answer is compared with the validator's lookup called directly,
// on plain, percent-encoded and malformed parameters; and over HTTP, repeated requests, wrong methods, unknown paths.
import { describe, expect, it } from "vitest";
import { routeLookupCheck, routeLookupMismatches, type RouteLookupCheck } from "../../server/http/validator-routes.js";
import { loadContract } from "../../server/contract/index.js";
import { newestApiVersion } from "../../server/options.js";
import { type TestServer, useServer } from "../helpers/server.js";

let server: TestServer;
let session: string;
let check: RouteLookupCheck;
useServer({}, (suite) => {
  ({ zs: server, session } = suite);
  check = routeLookupCheck(server.server.app)!;
});

describe("route lookup", () => {
  it("has, after start-up's warm-up, a memo for every operation of the document", () => {
    const operations = loadContract(newestApiVersion).operations;
    expect(check.memoized().sort()).toEqual(
      operations.map((op) => `${op.method.toUpperCase()} ${op.expressPath}`).sort(),
    );
  });

  it("answers every route and method as the validator's own lookup does, called directly", async () => {
    const values = ["0123456789abcdef0123456789abcdef", "a%2Fb", "%41bc", "x%20y%2B", "%E0%A4%A"];
    for (const entry of check.memoized()) {
      const [method, expressRoute] = entry.split(" ") as [string, string];
      for (const value of expressRoute.includes(":") ? values : [""]) {
        const url = `${expressRoute.replace(/:[^/]+/g, value)}?q=1`;
        const fromValidator = await check.fromValidator(method, url);
        const fromMemo = check.fromMemo(method, url);
        // A malformed parameter is left to the validator (an error); anything the memo answers must agree.
        if (fromValidator.error) expect(fromMemo, `${method} ${url}`).toBeUndefined();
        else expect(fromMemo, `${method} ${url}`).toEqual(fromValidator);
      }
    }
    expect(await routeLookupMismatches(server.server.app)).toEqual([]);
  });

  it("finds a stored service again and again by its (percent-encoded) uuid", async () => {
    const job = await server.addAndPoll(session);
    const uuid: string = job.body.inventory.uuid;
    const encoded = uuid.replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`);
    for (const path of [uuid, uuid, encoded]) {
      const answer = await server.call(`/zstack/v1/ai/model-services/${path}`, { headers: server.auth(session) });
      expect(answer.status).toBe(200);
      expect(answer.body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([uuid]);
    }
  });

  it("answers a malformed percent-encoding, a wrong method and an unknown path the same every time", async () => {
    for (let i = 0; i < 2; i++) {
      const malformed = await server.call("/zstack/v1/ai/model-services/%E0%A4%A", { headers: server.auth(session) });
      // GetModelService is synchronous: its argument errors are 503 SYS.1007 (DESIGN.md's table).
      expect(malformed.status).toBe(503);
      expect(malformed.body.error).toMatchObject({
        code: "SYS.1007",
        details: expect.stringContaining("malformed uri"),
      });
      const wrongMethod = await server.call("/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef", {
        method: "PATCH",
        headers: server.auth(session),
      });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("allow")).toBe("GET");
      // A path without parameters is found by the path alone; a method it lacks is still the validator's to answer.
      const staticWrongMethod = await server.call("/zstack/v1/ai/model-services", {
        method: "PATCH",
        headers: server.auth(session),
      });
      expect(staticWrongMethod.status).toBe(405);
      expect(staticWrongMethod.headers.get("allow")).toContain("POST");
      expect((await server.call("/zstack/v1/ai/nothing-here", { headers: server.auth(session) })).status).toBe(404);
    }
  });
});
