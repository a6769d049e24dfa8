// --api-version: the server validates against that version's document and names the version that added a
// field it does not have.
import { describe, expect, it } from "vitest";
import { documentBody, startServer, useServer, type TestServer } from "../helpers/server.js";

describe("a server started as 5.3.28", () => {
  let zs: TestServer;
  let session: string;
  useServer({ apiVersion: "5.3.28" }, (suite) => ({ zs, session } = suite));

  it("rejects a 5.5.22 field through the job, naming 5.5.22", async () => {
    const body = documentBody({ supportDistributed: undefined, containerCommand: "python3 serve.py" });
    const accepted = await zs.add(session, body);
    expect(accepted.status).toBe(202);
    const job = await zs.poll(session, accepted);
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1007");
    expect(job.body.error.details).toBe(
      "param.containerCommand: was added in API version 5.5.22 (this server speaks 5.3.28)",
    );
  });

  it("names 5.3.46 for supportDistributed, the document's own field", async () => {
    const job = await zs.addAndPoll(session, documentBody());
    expect(job.body.error.details).toBe(
      "param.supportDistributed: was added in API version 5.3.46 (this server speaks 5.3.28)",
    );
  });

  it("accepts the request its version has", async () => {
    const job = await zs.addAndPoll(session, documentBody({ supportDistributed: undefined }));
    expect(job.status).toBe(200);
    expect(job.body.inventory.supportDistributed).toBe(false);
  });

  it("names the version on UpdateModelService too", async () => {
    const added = await zs.addAndPoll(session, documentBody({ supportDistributed: undefined }));
    const accepted = await zs.call(`/zstack/v1/ai/model-services/${added.body.inventory.uuid}`, {
      method: "PUT",
      headers: zs.auth(session),
      body: { updateModelService: { vendorToSpecUuidsMap: { nvidia: ["a"] } } },
    });
    const job = await zs.poll(session, accepted);
    expect(job.body.error.details).toBe(
      "updateModelService.vendorToSpecUuidsMap: was added in API version 5.5.22 (this server speaks 5.3.28)",
    );
  });
});

describe("a server started as 5.1.8", () => {
  it("names 5.3.28 for source and architectureImages", async () => {
    const zs = await startServer({ apiVersion: "5.1.8" });
    try {
      const job = await zs.addAndPoll(await zs.login(), documentBody({ supportDistributed: undefined }));
      expect(job.body.error.details.split("; ").sort()).toEqual([
        "param.architectureImages: was added in API version 5.3.28 (this server speaks 5.1.8)",
        "param.source: was added in API version 5.3.28 (this server speaks 5.1.8)",
      ]);
    } finally {
      await zs.close();
    }
  });
});

it("refuses an API version it does not publish", async () => {
  await expect(startServer({ apiVersion: "9.9.9" })).rejects.toThrow(
    "--api-version must be one of 5.1.8, 5.1.20, 5.2.1, 5.3.20, 5.3.22, 5.3.28, 5.3.46, 5.4.6, 5.5.6, 5.5.22",
  );
});

it("answers an operation of a later version with 404 SYS.1008 naming that version", async () => {
  const old = await startServer({ apiVersion: "5.1.8" });
  try {
    const session = await old.login();
    const answer = await old.call("/zstack/v1/ai/models?uuids=0123456789abcdef0123456789abcdef", {
      method: "DELETE",
      headers: old.auth(session),
    });
    expect([answer.status, answer.body.error.code]).toEqual([404, "SYS.1008"]);
    expect(answer.body.error.details).toBe("DeleteModels was added in API version 5.2.1 (this server speaks 5.1.8)");
    // A later POST on a path whose GET, PUT and DELETE the version has.
    const clone = await old.call("/zstack/v1/ai/model-services/0123456789abcdef0123456789abcdef", {
      method: "POST",
      headers: old.auth(session),
      body: { params: {} },
    });
    expect([clone.status, clone.body.error.details]).toEqual([
      404,
      "CloneModelService was added in API version 5.3.20 (this server speaks 5.1.8)",
    ]);
    const wrongMethod = await old.call("/zstack/v1/ai/models", { method: "PATCH", headers: old.auth(session) });
    expect([wrongMethod.status, wrongMethod.body.error.code]).toEqual([405, "SYS.1008"]);
  } finally {
    await old.close();
  }
});
