// UpdateModelService with the newest SDK's field set (issue 14 point 3): inventory fields set as they are,
// `service*` fields and parameter maps applied to the service YAML, whose comments and layout survive.
import { describe, expect, it } from "vitest";
import { documentBody, useServer, type Json, type TestServer } from "../helpers/server.js";

const vllmCommand =
  "python3 -m vllm.entrypoints.openai.api_server --model /models/qwen --port 3000 --max-model-len 4096";

const commentedYaml = [
  "# the model service",
  "services:",
  "  - name: old # the service's name",
  "    ports: [3000]",
  "    livez: /livez",
  "    readyz: /readyz",
  "    serviceBootupTime: 30",
  `    startCommand: ${JSON.stringify(vllmCommand)} # quoted, long`,
  "env:",
  "  - a:b",
  "",
].join("\n");

async function update(zs: TestServer, session: string, uuid: string, fields: Json): Promise<Json> {
  const accepted = await zs.call(`/zstack/v1/ai/model-services/${uuid}`, {
    method: "PUT",
    headers: zs.auth(session),
    body: { updateModelService: fields },
  });
  return zs.poll(session, accepted);
}

describe("a 5.5.22 server", () => {
  let zs: TestServer;
  let session: string;
  useServer({}, (suite) => ({ zs, session } = suite));

  it("takes the newest SDK's fields: inventory ones set, the rest written to the YAML, its comment kept", async () => {
    const added = await zs.addAndPoll(session, documentBody({ yaml: commentedYaml }));
    const job = await update(zs, session, added.body.inventory.uuid, {
      type: "FineTune",
      source: "HuggingFace",
      architectureImages: [{ cpuArchitecture: "LOONGARCH64", dockerImage: "registry.example.com/la64/img:2" }],
      environmentParameters: { A: "1", B: "two words" },
      startupParameters: { "--max-model-len": "4096" },
      inferenceParams: { temperature: "0.7" },
      serviceName: "new",
      servicePorts: [8000, 8001],
      serviceLivez: "/health/live",
      serviceReadyz: "/health/ready",
      serviceBootupTime: 60,
      serviceInstallPath: "/opt/new",
      serviceStartCommand: "python3 serve.py",
    });
    expect(job.status).toBe(200);
    const inventory = job.body.inventory;
    expect(inventory).toMatchObject({
      type: "FineTune",
      source: "HuggingFace",
      installPath: "/opt/new",
      startCommand: "python3 serve.py",
      cpuArchitectures: ["LOONGARCH64"],
    });
    expect(inventory.modelServiceImages).toEqual([
      expect.objectContaining({
        cpuArchitecture: "LOONGARCH64",
        dockerImage: "registry.example.com/la64/img:2",
        modelServiceUuid: inventory.uuid,
      }),
    ]);
    expect(inventory.yaml).toBe(
      [
        "# the model service",
        "services:",
        "  - name: new # the service's name",
        "    ports: [8000, 8001]",
        "    livez: /health/live",
        "    readyz: /health/ready",
        "    serviceBootupTime: 60",
        `    startCommand: ${JSON.stringify(vllmCommand)} # quoted, long`,
        "env:",
        "  - A:1",
        "  - B:two words",
        "startupParameters:",
        '  --max-model-len: "4096"',
        "inferenceParams:",
        '  temperature: "0.7"',
        "",
      ].join("\n"),
    );
    for (const field of ["serviceName", "servicePorts", "environmentParameters", "serviceInstallPath"])
      expect(inventory).not.toHaveProperty(field);
  });

  it("edits a YAML sent in the same request", async () => {
    const added = await zs.addAndPoll(session);
    const job = await update(zs, session, added.body.inventory.uuid, { yaml: commentedYaml, serviceLivez: "/alive" });
    expect(job.body.inventory.yaml).toBe(commentedYaml.replace("livez: /livez", "livez: /alive"));
  });

  it("refuses serviceStartCommand that differs from startCommand in the same request", async () => {
    const added = await zs.addAndPoll(session);
    const job = await update(zs, session, added.body.inventory.uuid, { startCommand: "a", serviceStartCommand: "b" });
    expect(job.status).toBe(503);
    expect(job.body.error.details).toBe(
      "updateModelService.serviceStartCommand: differs from updateModelService.startCommand; " +
        "send one of them, or the same value",
    );
  });

  it("checks the new fields' values", async () => {
    const added = await zs.addAndPoll(session);
    const job = await update(zs, session, added.body.inventory.uuid, {
      servicePorts: [0],
      environmentParameters: { A: 1 },
    });
    expect(job.body.error.code).toBe("SYS.1007");
    expect(job.body.error.details).toMatch(/updateModelService\.servicePorts\[0\]: must be >= 1/);
    expect(job.body.error.details).toMatch(/updateModelService\.environmentParameters\.A: must be string/);
  });
});

describe("a YAML that cannot take the edits (stored under --yaml-check off)", () => {
  let zs: TestServer;
  let session: string;
  useServer({ yamlCheck: "off" }, (suite) => ({ zs, session } = suite));

  const withYaml = async (yaml: string) =>
    (await zs.addAndPoll(session, documentBody({ yaml }))).body.inventory.uuid as string;

  it("one that does not parse fails SYS.1007 naming each field and why; nothing changes", async () => {
    const uuid = await withYaml("services: [");
    const job = await update(zs, session, uuid, { serviceName: "x", inferenceParams: { a: "b" }, name: "renamed" });
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1007");
    const details: string[] = job.body.error.details.split("; ");
    expect(details).toHaveLength(2);
    expect(details[0]).toMatch(
      /^updateModelService\.serviceName: cannot be applied: the service YAML does not parse \(.*line 1, column \d+\)$/,
    );
    expect(details[1]).toMatch(
      /^updateModelService\.inferenceParams: cannot be applied: the service YAML does not parse/,
    );
    const found = await zs.call(`/zstack/v1/ai/model-services/${uuid}`, { headers: zs.auth(session) });
    expect(found.body.inventories[0]).toMatchObject({ name: "text to text model service", yaml: "services: [" });
  });

  it("one without a services list refuses the services fields; the top-level maps still apply", async () => {
    const uuid = await withYaml("python:\n  index_url: https://pypi.org/simple\n");
    const refused = await update(zs, session, uuid, { servicePorts: [80], serviceReadyz: "/r" });
    expect(refused.body.error.details).toBe(
      "updateModelService.servicePorts: cannot be applied: " +
        "the service YAML has no `services` list whose first entry is a mapping; " +
        "updateModelService.serviceReadyz: cannot be applied: " +
        "the service YAML has no `services` list whose first entry is a mapping",
    );
    const applied = await update(zs, session, uuid, { startupParameters: { a: "1" } });
    expect(applied.body.inventory.yaml).toBe(
      'python:\n  index_url: https://pypi.org/simple\nstartupParameters:\n  a: "1"\n',
    );
  });

  it("one whose top level is not a mapping refuses every YAML field", async () => {
    const uuid = await withYaml("- just\n- a list\n");
    const job = await update(zs, session, uuid, { environmentParameters: { A: "1" } });
    expect(job.body.error.details).toBe(
      "updateModelService.environmentParameters: cannot be applied: the service YAML's top level is not a mapping",
    );
  });
});
