// --unknown-fields (issue 14 point 8): `reject` (default) names an unknown field; `ignore` drops what the served
// version does not know, inside and beside the envelope and in nested objects, fields of later versions and
// removed ones, and unknown query parameters, as ZStack's Gson mapping does. A known field's wrong value is
// still an error.
import { describe, expect, it } from "vitest";
import { documentBody, useServer, type TestServer } from "../helpers/server.js";

describe("--unknown-fields ignore on a 5.3.28 server", () => {
  let zs: TestServer;
  let session: string;
  useServer({ apiVersion: "5.3.28", unknownFields: "ignore", deploySeconds: 0 }, (suite) => ({ zs, session } = suite));

  it("accepts unknown keys in param, beside it and in an architectureImages item; stores none of them", async () => {
    const body = documentBody({ supportDistributed: undefined, requestMemery: 2048 }, { extra: true });
    body.param.architectureImages[0].checksum = "sha256:0";
    const job = await zs.addAndPoll(session, body);
    expect(job.status).toBe(200);
    expect(job.body.inventory).not.toHaveProperty("requestMemery");
    expect(job.body.inventory.requestMemory).toBe(1024);
    expect(job.body.inventory.modelServiceImages[0]).not.toHaveProperty("checksum");
  });

  it("drops later versions' fields (supportDistributed, containerCommand) and removed ones (dockerImage)", async () => {
    const job = await zs.addAndPoll(
      session,
      documentBody({ supportDistributed: true, containerCommand: "serve", dockerImage: "img:1" }),
    );
    expect(job.status).toBe(200);
    expect(job.body.inventory.supportDistributed).toBe(false);
    for (const field of ["containerCommand", "dockerImage"]) expect(job.body.inventory).not.toHaveProperty(field);
  });

  it("still rejects a known field with a wrong value", async () => {
    const job = await zs.addAndPoll(
      session,
      documentBody({ supportDistributed: undefined, requestCpu: "four", unknownToo: 1 }),
    );
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1007");
    expect(job.body.error.details).toBe("param.requestCpu: must be integer");
  });

  it("accepts an update whose only field is one it does not know, changing nothing (as ZStack would)", async () => {
    const { uuid, yaml } = (await zs.addAndPoll(session, documentBody({ supportDistributed: undefined }))).body
      .inventory;
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { serviceName: "x" } },
    });
    const job = await zs.poll(session, accepted);
    expect(job.status).toBe(200);
    expect(job.body.inventory.yaml).toBe(yaml);
  });

  it("deploys through the shared PUT, dropping the deployment's fields it does not know", async () => {
    const { uuid } = (await zs.addAndPoll(session, documentBody({ supportDistributed: undefined }))).body.inventory;
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { deployModelService: { name: "g", zoneUuid: "z", type: "Container", serviceLivez: "/later" }, x: 1 },
    });
    const job = await zs.poll(session, accepted);
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    const [instance] = job.body.inventory.instances;
    // `serviceLivez` is 5.4.6's: dropped, so the YAML's `livez` (`/livez`) is the instance's.
    expect((await fetch(`${instance.url}/livez`)).status).toBe(200);
    expect((await fetch(`${instance.url}/later`)).status).toBe(501);
  });

  it("accepts unknown query parameters", async () => {
    const answer = await zs.call("/zstack/v1/ai/model-services?limit=1&sessionHint=abc", { headers: zs.auth(session) });
    expect(answer.status).toBe(200);
  });
});

describe("--unknown-fields reject (the default)", () => {
  let zs: TestServer;
  let session: string;
  useServer({}, (suite) => ({ zs, session } = suite));

  it("names an unknown field", async () => {
    const job = await zs.addAndPoll(session, documentBody({ requestMemery: 2048 }));
    expect(job.body.error.details).toBe("param.requestMemery: unknown field");
  });

  it("answers an unknown query parameter with 400", async () => {
    const answer = await zs.call("/zstack/v1/ai/model-services?sessionHint=abc", { headers: zs.auth(session) });
    expect(answer.status).toBe(400);
  });
});
