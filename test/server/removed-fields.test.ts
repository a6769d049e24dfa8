// The 5.1.x single-image fields (issue 14 point 4): ZStack's 5.1.20 SDK sends `dockerImage` and `vmImageUuid`
// and its inventory has them; 5.3.28 replaced them with `architectureImages`. A 5.1.8 server stores and returns
// them; a newer one refuses them, naming the version that removed them and their successor.
import { describe, expect, it } from "vitest";
import { documentBody, useServer, type TestServer } from "../helpers/server.js";

/** The document's request as ZStack's 5.1.20 SDK sends it: one image, none of the later fields. */
const body518 = documentBody({
  source: undefined,
  architectureImages: undefined,
  supportDistributed: undefined,
  dockerImage: "registry.example.com/qwen:1",
  vmImageUuid: "8a1c3e5f7b9d4f2a8c6e4a2c0e8f6d4b",
});

describe("a 5.1.8 server", () => {
  let zs: TestServer;
  let session: string;
  // 5.1.8's AddModelCenter takes no resourceUuid, so the test center cannot be made: references go unchecked.
  useServer({ apiVersion: "5.1.8", references: "off" }, (suite) => ({ zs, session } = suite));

  it("stores dockerImage and vmImageUuid from AddModelService and shows them in the inventory", async () => {
    const job = await zs.addAndPoll(session, body518);
    expect(job.status).toBe(200);
    expect(job.body.inventory).toMatchObject({
      dockerImage: "registry.example.com/qwen:1",
      vmImageUuid: "8a1c3e5f7b9d4f2a8c6e4a2c0e8f6d4b",
    });
    const found = await zs.call(
      `/zstack/v1/ai/model-services?q=dockerImage=registry.example.com/qwen:1&fields=dockerImage,vmImageUuid`,
      { headers: zs.auth(session) },
    );
    expect(found.body.inventories).toContainEqual({
      uuid: job.body.inventory.uuid,
      dockerImage: "registry.example.com/qwen:1",
      vmImageUuid: "8a1c3e5f7b9d4f2a8c6e4a2c0e8f6d4b",
    });
  });

  it("changes them through UpdateModelService", async () => {
    const { uuid } = (await zs.addAndPoll(session, body518)).body.inventory;
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { dockerImage: "registry.example.com/qwen:2" } },
    });
    const job = await zs.poll(session, accepted);
    expect(job.body.inventory).toMatchObject({
      dockerImage: "registry.example.com/qwen:2",
      vmImageUuid: "8a1c3e5f7b9d4f2a8c6e4a2c0e8f6d4b",
    });
  });
});

describe("a 5.5.22 server", () => {
  let zs: TestServer;
  let session: string;
  useServer({}, (suite) => ({ zs, session } = suite));

  it("refuses them in AddModelService with SYS.1007 naming 5.3.28 and architectureImages", async () => {
    const job = await zs.addAndPoll(
      session,
      documentBody({ dockerImage: "registry.example.com/qwen:1", vmImageUuid: "x" }),
    );
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1007");
    expect(job.body.error.details).toContain(
      "param.dockerImage: was removed in API version 5.3.28 (this server speaks 5.5.22); use architectureImages",
    );
    expect(job.body.error.details).toContain(
      "param.vmImageUuid: was removed in API version 5.3.28 (this server speaks 5.5.22); use architectureImages",
    );
  });

  it("refuses them in UpdateModelService too", async () => {
    const { uuid } = (await zs.addAndPoll(session)).body.inventory;
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { vmImageUuid: "x" } },
    });
    const job = await zs.poll(session, accepted);
    expect(job.body.error.details).toBe(
      "updateModelService.vmImageUuid: was removed in API version 5.3.28 (this server speaks 5.5.22); " +
        "use architectureImages",
    );
  });

  it("does not show them in its inventory", async () => {
    const job = await zs.addAndPoll(session);
    expect(job.body.inventory).not.toHaveProperty("dockerImage");
    expect(job.body.inventory).not.toHaveProperty("vmImageUuid");
  });
});
