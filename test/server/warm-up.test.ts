// Start-up's warm-up (server/http/warm-up.ts) sends every published example through the app, each handled in the
// warm-up's own context, on a store of its own (server/performance/warm-up-context.ts): the server starts with
// nothing stored, and the warm-up's header means nothing once the server is ready.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServiceYaml, warmUpHeader } from "../../server/http/warm-up.js";
import { newestApiVersion } from "../../server/options.js";
import { checkServiceYaml } from "../../server/zstack/service-yaml.js";
import { centerParam, startServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let session: string;
beforeAll(async () => {
  server = await startServer();
  session = await server.login();
});
afterAll(() => server.close());

describe("start-up's warm-up", () => {
  it("replays the published examples (adds, updates, deletes, ...) without storing anything", async () => {
    for (const path of ["model-centers", "models", "model-services", "datasets", "model-services/instances/groups"]) {
      const answer = await server.call(`/zstack/v1/ai/${path}?count=true`, { headers: server.auth(session) });
      expect([path, answer.status, answer.body]).toEqual([path, 200, { total: 0 }]);
    }
  });

  it("runs every published example through its handler without a failure or a warning", async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    // Options of their own, so that this server's validator is compiled, and warmed, anew (shared-validation.ts).
    const own = await startServer({ logger, unknownFields: "ignore" });
    await own.close();
    expect(lines.filter((line) => line.level >= 40).map((line) => line.msg)).toEqual([]);
  });

  it("leaves the warm-up header without effect after ready: the request is served as any other", async () => {
    const accepted = await server.call("/zstack/v1/ai/model-centers", {
      method: "POST",
      headers: server.auth(session, { [warmUpHeader]: "not-the-token" }),
      body: { param: centerParam },
    });
    expect(accepted.status).toBe(202);
    const job = await server.poll(session, accepted);
    expect(job.status).toBe(200);
    const count = await server.call("/zstack/v1/ai/model-centers?count=true", { headers: server.auth(session) });
    expect(count.body).toEqual({ total: 1 });
  });

  it("checks a published service YAML at start, one the strict checker accepts (the path a valid add takes)", () => {
    const yaml = exampleServiceYaml(newestApiVersion);
    expect(yaml).toContain("services:");
    expect(checkServiceYaml(yaml!, "strict")).toEqual([]);
  });
});
