// Every kind of failure a caller can meet, each turned into a ZStackApiError with the right code and status.
import { describe, expect, it } from "vitest";
import { createZStackClient, ZStackApiError } from "../../client/index.js";
import { accepted, base, fakeZStack, jobLocation, jobUuid, json, type Route } from "./fake-zstack.js";

const jobPath = `GET /zstack/v1/api-jobs/${jobUuid}`;
const sysArgumentError = {
  code: "SYS.1007",
  description: "One or more API argument is invalid",
  details: "field[name] of message[APIAddModelServiceMsg] is mandatory, can not be null",
  cause: { code: "SYS.1000", description: "An internal error happened", cause: { code: "ORG.1", details: "root" } },
};

async function failure(
  routes: Record<string, Route>,
  run: (client: ReturnType<typeof createZStackClient>) => Promise<unknown>,
) {
  const fake = fakeZStack(routes);
  const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, sessionId: "s".repeat(32), pollInterval: 1 });
  const error = await run(client).then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZStackApiError);
  expect(error).toBeInstanceOf(Error);
  return error as ZStackApiError;
}

describe("errors", () => {
  it("a failed job (503 at the poll) carries the server's ErrorCode and its cause chain", async () => {
    const error = await failure(
      { "PUT /zstack/v1/ai/model-services/u1": accepted, [jobPath]: () => json(503, { error: sysArgumentError }) },
      (c) => c.updateModelService("u1", { name: "x" }),
    );
    expect(error).toMatchObject({
      status: 503,
      code: "SYS.1007",
      description: sysArgumentError.description,
      details: sysArgumentError.details,
    });
    expect(error.errorCode).toEqual(sysArgumentError);
    expect(error.cause).toEqual(sysArgumentError.cause);
    expect(error.cause?.cause).toEqual({ code: "ORG.1", details: "root" });
    expect(error.message).toBe(`SYS.1007: ${sysArgumentError.description}: ${sysArgumentError.details}`);
    expect(error.name).toBe("ZStackApiError");
  });

  it("a 503 first answer (invalid session) surfaces ID.1001", async () => {
    const invalid = {
      code: "ID.1001",
      description: "The session is invalid, either wrong session id or the session has been expired",
    };
    const error = await failure({ "GET /zstack/v1/ai/model-services": () => json(503, { error: invalid }) }, (c) =>
      c.queryModelServices(),
    );
    expect(error).toMatchObject({ status: 503, code: "ID.1001", cause: undefined });
  });

  it.each([400, 404, 405, 413, 415, 500])("a %i with the server's ErrorCode body keeps its code", async (status) => {
    const body = { error: { code: status === 500 ? "SYS.1000" : "SYS.1007", description: `status ${status}` } };
    const error = await failure({ "GET /zstack/v1/ai/model-services/u1": () => json(status, body) }, (c) =>
      c.getModelService("u1"),
    );
    expect(error).toMatchObject({ status, code: body.error.code, description: `status ${status}` });
  });

  it("an unexpected status without an ErrorCode is sdk.1000 with the body text as details", async () => {
    const error = await failure(
      { "GET /zstack/v1/ai/model-services/u1": () => new Response("<html>Bad gateway</html>", { status: 502 }) },
      (c) => c.getModelService("u1"),
    );
    expect(error).toMatchObject({
      status: 502,
      code: "sdk.1000",
      description: "the http status code[502] indicates a failure happened",
      details: "<html>Bad gateway</html>",
    });
  });

  it("a JSON body that is not an ErrorCode is sdk.1000 with the JSON as details", async () => {
    const error = await failure({ "GET /zstack/v1/ai/model-services/u1": () => json(418, { teapot: true }) }, (c) =>
      c.getModelService("u1"),
    );
    expect(error).toMatchObject({ status: 418, code: "sdk.1000", details: '{"teapot":true}' });
  });

  it("a success status the protocol does not expect is sdk.1000 (a 200 where a job was due)", async () => {
    const error = await failure({ "DELETE /zstack/v1/ai/model-services/u1": () => json(200, {}) }, (c) =>
      c.deleteModelService("u1"),
    );
    expect(error).toMatchObject({ status: 200, code: "sdk.1000", details: "{}" });
  });

  it("an unknown or expired job (404) keeps the server's code", async () => {
    const error = await failure(
      { [jobPath]: () => json(404, { error: { code: "SYS.1003", description: "job not found" } }) },
      (c) => c.waitForJob(jobLocation),
    );
    expect(error).toMatchObject({ status: 404, code: "SYS.1003" });
  });

  it("a server that cannot be reached is sdk.1000 without a status", async () => {
    const client = createZStackClient({
      baseUrl: base,
      fetch: () => Promise.reject(new TypeError("fetch failed: ECONNREFUSED")),
    });
    await expect(client.queryModelServices()).rejects.toMatchObject({
      code: "sdk.1000",
      status: undefined,
      details: "fetch failed: ECONNREFUSED",
    });
  });

  it("an answer that is not JSON is sdk.1002", async () => {
    const error = await failure(
      { "GET /zstack/v1/ai/model-services": () => new Response("{not json", { status: 200 }) },
      (c) => c.queryModelServices(),
    );
    expect(error).toMatchObject({ code: "sdk.1002", status: undefined });
  });

  it("a 202 without a usable location, or a job result without an inventory, is sdk.1002", async () => {
    const noLocation = await failure({ "POST /zstack/v1/ai/model-services": () => json(202, { apiTimeout: 1 }) }, (c) =>
      c.addModelService({
        name: "n",
        yaml: "y",
        modelCenterUuid: "m",
        requestCpu: 1,
        requestMemory: 1,
        installPath: "/",
        startCommand: "s",
      }),
    );
    expect(noLocation.code).toBe("sdk.1002");
    const badLocation = await failure({}, (c) => c.waitForJob("http://zstack.test/somewhere/else"));
    expect(badLocation).toMatchObject({ code: "sdk.1002", details: "http://zstack.test/somewhere/else" });
    const noInventory = await failure(
      { "PUT /zstack/v1/ai/model-services/u1": accepted, [jobPath]: () => json(200, {}) },
      (c) => c.updateModelService("u1", { name: "x" }),
    );
    expect(noInventory).toMatchObject({ code: "sdk.1002", details: "{}" });
  });

  it("rejects an unknown apiVersion at run time too", () => {
    expect(() => createZStackClient({ baseUrl: base, apiVersion: "4.0.0" as never })).toThrow(
      /unknown apiVersion "4.0.0"/,
    );
  });
});
