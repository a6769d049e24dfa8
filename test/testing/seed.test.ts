// Seed fixtures: YAML or JSON, applied in order through the API's own validation when the store holds no resources;
// path parameters as fields beside the body; a failing entry stops the start, naming the entry and the error.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startStandIn } from "../../server/testing/index.js";
import { startServerProcess } from "../helpers/server-process.js";
import { callJson, logIn, startServer, tempDir } from "../helpers/server.js";

const dir = tempDir("seed");
afterAll(() => dir.remove());

const centerUuid = "0123456789ab4def8123456789abcdee";
const modelUuid = "0123456789ab4def8123456789abcd01";
const serviceUuid = "0123456789ab4def8123456789abcd02";

const seedYaml = `
AddModelCenter:
  - { resourceUuid: "${centerUuid}", name: lab, url: "192.168.10.12:/ai/mc", managementIp: 127.0.0.1,
      managementPort: 5000 }
UpdateModelCenter:
  - { uuid: "${centerUuid}", description: seeded }
AddModel:
  - { resourceUuid: "${modelUuid}", name: qwen, installPath: "/models/qwen", modelCenterUuid: "${centerUuid}" }
AddModelService:
  - name: web
    resourceUuid: "${serviceUuid}"
    modelCenterUuid: "${centerUuid}"
    yaml: |
      services:
        - name: web
          ports: [3000]
    requestCpu: 1
    requestMemory: 1024
    installPath: /opt/web
    startCommand: python3 app.py
BindModelToService:
  - { modelUuid: "${modelUuid}", modelServiceUuid: "${serviceUuid}" }
`;

function file(name: string, text: string): string {
  const path = join(dir.dir, name);
  writeFileSync(path, text);
  return path;
}

describe("seed fixtures", () => {
  it("applies a YAML seed in order, path parameters beside the body, at startStandIn", async () => {
    const zstack = await startStandIn({ seed: file("seed.yaml", seedYaml) });
    try {
      // The seed's own calls are not the test's: the journal starts empty.
      expect(await zstack.journal()).toEqual([]);
      const [center] = (await zstack.client.queryModelCenters()).inventories;
      expect(center).toMatchObject({ uuid: centerUuid, name: "lab", description: "seeded" });
      const service = await zstack.client.getModelService(serviceUuid);
      expect(service?.name).toBe("web");
      expect(JSON.stringify(service)).toContain(modelUuid);
    } finally {
      await zstack.close();
    }
  });

  it("applies a JSON seed", async () => {
    const seed = { AddModelCenter: [{ name: "json", url: "h:/mc", managementIp: "10.0.0.1", managementPort: 80 }] };
    const zstack = await startStandIn({ seed: file("seed.json", JSON.stringify(seed)) });
    try {
      expect((await zstack.client.queryModelCenters()).inventories.map((c) => c.name)).toEqual(["json"]);
    } finally {
      await zstack.close();
    }
  });

  it("stops the start at a failing entry, naming it and ZStack's error", async () => {
    const seed =
      `AddModelCenter:\n  - { name: a, url: "h:/mc", managementIp: 10.0.0.1, managementPort: 80 }\n` +
      `AddModel:\n  - { name: m, installPath: /m, modelCenterUuid: "${"f".repeat(32)}" }\n`;
    await expect(startStandIn({ seed: file("missing.yaml", seed) })).rejects.toThrow(
      /AddModel\[0\] failed: SYS\.1003: Resource not found: invalid field\[modelCenterUuid\]/,
    );
    const invalid = `AddModelCenter:\n  - { name: a, url: "h:/mc", managementIp: 10.0.0.1, managementPort: "x" }\n`;
    await expect(startStandIn({ seed: file("invalid.yaml", invalid) })).rejects.toThrow(
      /AddModelCenter\[0\] failed: SYS\.1007: .*managementPort/,
    );
    const path = `UpdateModelCenter:\n  - { description: no uuid }\n`;
    await expect(startStandIn({ seed: file("path.yaml", path) })).rejects.toThrow(
      /UpdateModelCenter\[0\] failed: uuid: the path parameter is required/,
    );
    await expect(startStandIn({ seed: file("unknown.yaml", "AddModelCentre: []\n") })).rejects.toThrow(
      /AddModelCentre is not an action of this API version/,
    );
    await expect(startStandIn({ seed: file("shape.yaml", "AddModelCenter: {name: a}\n") })).rejects.toThrow(
      /AddModelCenter must be a list of objects/,
    );
  });

  it("is applied only while the store holds no resources", async () => {
    const db = join(dir.dir, "kept.db");
    const seed = file("once.yaml", seedYaml);
    const first = await startServer({ db, seed });
    await first.close();
    // Applied again, the resourceUuids would be duplicates and the start would fail.
    const second = await startServer({ db, seed });
    try {
      const session = await second.login();
      const centers = await second.call("/zstack/v1/ai/model-centers", { headers: second.auth(session) });
      expect(centers.body.inventories).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it("`serve --seed FILE` seeds the server, and a failing seed exits naming the entry", async () => {
    const server = await startServerProcess(["--db", ":memory:", "--seed", file("cli.yaml", seedYaml)]);
    try {
      const session = await logIn(server.url);
      const centers = await callJson(`${server.url}/zstack/v1/ai/model-centers/${centerUuid}`, {
        headers: { Authorization: `OAuth ${session}` },
      });
      expect(centers.body.inventories[0]).toMatchObject({ uuid: centerUuid, description: "seeded" });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    await expect(
      startServerProcess(["--db", ":memory:", "--seed", file("cli-bad.yaml", "UpdateModelCenter:\n  - { uuid: x }\n")]),
    ).rejects.toThrow(/zstack-model-services: --seed .*UpdateModelCenter\[0\] failed: SYS\.1007/);
  }, 120_000);
});
