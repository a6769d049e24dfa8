// AddModelService as the source document shows it, and its argument errors delivered through the job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  documentCurlBody,
  documentCurlBodyReindented,
  documentYamlReindented,
  documentYamlVerbatim,
} from "../fixtures/seed.js";
import { modelCalls } from "../helpers/models.js";
import { documentBody, gsonDate, startServer, type TestServer, useServer } from "../helpers/server.js";

let zs: TestServer;
let session: string;
// The document names a placeholder center (`modelCenterUuidExample`): its verbatim request goes to a server that
// does not check references.
let doc: TestServer;

useServer({}, (suite) => ({ zs, session } = suite));
beforeAll(async () => {
  doc = await startServer({ references: "off" });
});
afterAll(() => doc.close());

describe("the document's request", () => {
  it("answers 202 with a job whose result is the full inventory", async () => {
    const docSession = await doc.login();
    const accepted = await doc.add(docSession, documentCurlBodyReindented);
    expect(accepted.status).toBe(202);
    expect(accepted.body.location).toMatch(new RegExp(`^${doc.url}/zstack/v1/api-jobs/[0-9a-f]{32}$`));
    expect(accepted.body.apiTimeout).toBeGreaterThan(0);

    const job = await doc.poll(docSession, accepted);
    expect(job.status).toBe(200);
    const inventory = job.body.inventory;
    expect(inventory).toMatchObject({
      name: "text to text model service",
      description: "This is text to text model service you can chose model",
      yaml: documentYamlReindented,
      modelCenterUuid: "modelCenterUuidExample",
      installPath: "/opt/zstack/ai/model-services/qwen1.5-7b-chat",
      requestCpu: 4,
      requestMemory: 1024,
      gpuComputeCapability: "7.5",
      startCommand: "python3 app.py",
      pythonVersion: "3.8.10",
      condaVersion: "4.9.2",
      type: "Endpoint",
      source: "Other",
      system: false,
      supportDistributed: false,
      cpuArchitectures: ["X86_64", "AARCH64"],
      modelServiceRefs: [],
    });
    expect(inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(inventory.createDate).toMatch(gsonDate);
    expect(inventory.lastOpDate).toMatch(gsonDate);
    expect(inventory.modelServiceImages).toEqual([
      expect.objectContaining({
        cpuArchitecture: "X86_64",
        vmImageUuid: "vmImageUuidX86Example",
        dockerImage: "registry.example.com/x86_64/myimage:latest",
        modelServiceUuid: inventory.uuid,
      }),
      expect.objectContaining({
        cpuArchitecture: "AARCH64",
        vmImageUuid: "vmImageUuidAarchExample",
        dockerImage: "registry.example.com/aarch64/myimage:latest",
        modelServiceUuid: inventory.uuid,
      }),
    ]);
    expect(inventory.modelServiceImages[0].createDate).toMatch(gsonDate);
  });

  it("verbatim (YAML flattened): 202, then the job fails with SYS.1007 at line 4, column 2", async () => {
    const job = await zs.poll(session, await zs.add(session, documentCurlBody));
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1007");
    expect(job.body.error.details).toMatch(/^param\.yaml: .*line 4, column 2/);
    expect(job.body.error.details).toMatch(/indent/);
  });

  it("the same YAML on UpdateModelService is named as its field", async () => {
    const { inventory } = (await zs.addAndPoll(session)).body;
    for (const [path, method, body, field] of [
      ["/zstack/v1/ai/model-services", "POST", documentCurlBody, "param.yaml"],
      [
        `/zstack/v1/ai/model-services/${inventory.uuid}`,
        "PUT",
        { updateModelService: { yaml: documentYamlVerbatim } },
        "updateModelService.yaml",
      ],
    ] as const) {
      const job = await zs.poll(session, await zs.call(path, { method, headers: zs.auth(session), body }));
      expect(job.body.error.details).toMatch(new RegExp(`^${field.replace(".", "\\.")}: .*line 4, column 2`));
    }
  });

  it("adds a service that the query then finds", async () => {
    const job = await zs.addAndPoll(session, documentBody({ name: "findable" }));
    const found = await zs.call(`/zstack/v1/ai/model-services/${job.body.inventory.uuid}`, {
      headers: zs.auth(session),
    });
    expect(found.body.inventories.map((s: { name: string }) => s.name)).toEqual(["findable"]);
  });
});

describe("argument errors travel through the job", () => {
  const required = ["name", "yaml", "requestCpu", "requestMemory", "modelCenterUuid", "installPath", "startCommand"];
  it.each(required)("a missing %s fails the job with SYS.1007 naming it", async (field) => {
    const accepted = await zs.add(session, documentBody({ [field]: undefined }));
    expect(accepted.status).toBe(202);
    const job = await zs.poll(session, accepted);
    expect(job.status).toBe(503);
    expect(job.body.error).toMatchObject({
      code: "SYS.1007",
      details: `param.${field}: is mandatory, can not be null`,
    });
  });

  it("names each bad field and what is wrong with it", async () => {
    const job = await zs.addAndPoll(session, documentBody({ requestCpu: "4", requestMemery: 2048, type: "Robot" }));
    expect(job.status).toBe(503);
    const details: string = job.body.error.details;
    expect(details).toContain("param.requestCpu: must be integer");
    expect(details).toContain("param.requestMemery: unknown field");
    expect(details).toMatch(/param\.type: must be equal to one of the allowed values/);
  });

  it("an empty JSON object fails the job: param is mandatory", async () => {
    const job = await zs.addAndPoll(session, {});
    expect(job.body.error.details).toBe("param: is mandatory, can not be null");
  });

  it("an unknown top-level key is named too", async () => {
    const job = await zs.addAndPoll(session, { ...documentBody(), params: {} });
    expect(job.body.error.details).toBe("params: unknown field");
  });

  it("a failed job is stored like any job: polling again answers the same", async () => {
    const accepted = await zs.add(session, documentBody({ requestCpu: 0 }));
    const first = await zs.poll(session, accepted);
    const second = await zs.poll(session, accepted);
    expect(first.status).toBe(503);
    expect(second.body).toEqual(first.body);
    expect(first.body.error.details).toBe("param.requestCpu: must be >= 1");
  });
});

describe("what the server sets", () => {
  it("honours resourceUuid, and a taken one fails with SYS.1007", async () => {
    const resourceUuid = "0f1e2d3c4b5a49788796a5b4c3d2e1f0";
    const first = await zs.addAndPoll(session, documentBody({ resourceUuid }));
    expect(first.body.inventory.uuid).toBe(resourceUuid);
    const again = await zs.addAndPoll(session, documentBody({ resourceUuid }));
    expect(again.status).toBe(503);
    expect(again.body.error.code).toBe("SYS.1007");
    expect(again.body.error.details).toContain(resourceUuid);
  });

  it("gives services and jobs uuids that ZStack would accept back as resourceUuid, in creation order", async () => {
    const zstackUuid = /^[0-9a-f]{8}[0-9a-f]{4}[1-5][0-9a-f]{3}[89ab][0-9a-f]{3}[0-9a-f]{12}$/;
    const first = await zs.addAndPoll(session, documentBody());
    await new Promise((resolve) => setTimeout(resolve, 2));
    const accepted = await zs.add(session, documentBody());
    const second = await zs.poll(session, accepted);
    const secondJob = String(accepted.body.location).split("/").pop()!;
    for (const uuid of [first.body.inventory.uuid, second.body.inventory.uuid, secondJob])
      expect(uuid).toMatch(zstackUuid);
    // Time first, so that new keys append to the uuid indexes (server/uuids.ts).
    expect(second.body.inventory.uuid > first.body.inventory.uuid).toBe(true);
    expect(second.body.inventory.uuid.slice(0, 8)).toBe(secondJob.slice(0, 8));

    // Taken back as a client-chosen uuid once the first is gone.
    const deleted = await zs.call(`/zstack/v1/ai/model-services/${first.body.inventory.uuid}`, {
      method: "DELETE",
      headers: zs.auth(session),
    });
    expect((await zs.poll(session, deleted)).status).toBe(200);
    const readded = await zs.addAndPoll(session, documentBody({ resourceUuid: first.body.inventory.uuid }));
    expect(readded.body.inventory.uuid).toBe(first.body.inventory.uuid);
  });

  it("rejects a resourceUuid that is not ZStack's uuid form", async () => {
    const job = await zs.addAndPoll(session, documentBody({ resourceUuid: "not-a-uuid" }));
    expect(job.body.error.details).toMatch(/^param\.resourceUuid: must match pattern/);
  });

  it("applies ZStack's defaults and turns modelUuids into modelServiceRefs", async () => {
    const models = modelCalls(zs, session);
    const [m1, m2] = [(await models.newModel()).uuid, (await models.newModel()).uuid];
    const body = documentBody({
      type: undefined,
      source: undefined,
      supportDistributed: undefined,
      architectureImages: undefined,
      modelUuids: [m1, m2],
    });
    const { inventory } = (await zs.addAndPoll(session, body)).body;
    expect(inventory).toMatchObject({
      type: "Endpoint",
      source: "Other",
      system: false,
      supportDistributed: false,
      cpuArchitectures: [],
      modelServiceImages: [],
    });
    expect(inventory.modelServiceRefs).toEqual([
      expect.objectContaining({ modelUuid: m1, modelServiceUuid: inventory.uuid, isDefault: true }),
      expect.objectContaining({ modelUuid: m2, modelServiceUuid: inventory.uuid, isDefault: false }),
    ]);
  });

  it("answers ZStack's schema map when the poll asks with X-JSON-Schema", async () => {
    const job = await zs.poll(session, await zs.add(session), { "X-JSON-Schema": "true" });
    expect(job.body.schema).toMatchObject({
      inventory: "org.zstack.ai.entity.ModelServiceInventory",
      "inventory.modelServiceImages[0]": "org.zstack.ai.entity.ModelServiceImageInventory",
    });
  });
});

describe("options", () => {
  it("--yaml-check off stores the flattened YAML as sent", async () => {
    const off = await startServer({ yamlCheck: "off", references: "off" });
    try {
      const job = await off.addAndPoll(await off.login(), documentCurlBody);
      expect(job.status).toBe(200);
      expect(job.body.inventory.yaml).toBe(documentYamlVerbatim);
    } finally {
      await off.close();
    }
  });

  it("--time-zone sets the zone of the Gson dates", async () => {
    const shanghai = await startServer({ timeZone: "Asia/Shanghai" });
    try {
      const hourIn = (ms: number) =>
        new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", hour: "numeric", hour12: true })
          .formatToParts(ms)
          .find((p) => p.type === "hour")!.value;
      const before = hourIn(Date.now());
      const { inventory } = (await shanghai.addAndPoll(await shanghai.login())).body;
      const hours = new Set([before, hourIn(Date.now())]);
      expect(hours).toContain(inventory.createDate.match(/ (\d{1,2}):\d{2}:\d{2} [AP]M$/)[1]);
    } finally {
      await shanghai.close();
    }
  });
});
