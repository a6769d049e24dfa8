// The memoized route lookup (server/validator-routes.ts) answers exactly as the validator's own: repeated
// requests to one route, percent-encoded and malformed path parameters, wrong methods and unknown paths.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let session: string;
beforeAll(async () => {
  server = await startServer();
  session = await server.login();
});
afterAll(() => server.close());

describe("route lookup", () => {
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
      expect(malformed.body.error).toMatchObject({ code: "SYS.1007", details: expect.stringContaining("malformed uri") });
      const wrongMethod = await server.call("/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef", { method: "PATCH", headers: server.auth(session) });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("allow")).toBe("GET");
      expect((await server.call("/zstack/v1/ai/nothing-here", { headers: server.auth(session) })).status).toBe(404);
    }
  });
});
