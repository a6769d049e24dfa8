// The source document's curl request, sent with fetch byte for byte as the page gives it: with its YAML
// re-indented it is accepted; verbatim (the page's flattened YAML) its job fails pointing at line 4, column 2.
import { describe, expect, it } from "vitest";
import { documentCurlBody, documentCurlBodyReindented } from "../fixtures/seed.js";
import { send, useContract } from "./harness.js";

const contract = useContract();

/** The page's curl call: its headers exactly, a real session in place of the page's. */
const curl = (body: string) =>
  send(contract, "/zstack/v1/ai/model-services", {
    method: "POST",
    headers: { "Content-Type": "application/json;charset=UTF-8", Authorization: `OAuth ${contract.session}` },
    body,
  });

describe("the source document's curl example", () => {
  it("is accepted with its YAML re-indented, and its job answers the full inventory", async () => {
    const accepted = await curl(documentCurlBodyReindented);
    expect(accepted.status).toBe(202);
    const result = await contract.client.waitForJob(accepted.body.location);
    expect(result.inventory).toMatchObject({
      name: "text to text model service",
      description: "This is text to text model service you can chose model",
      requestCpu: 4,
      requestMemory: 1024,
      type: "Endpoint",
      source: "Other",
      supportDistributed: false,
      cpuArchitectures: ["X86_64", "AARCH64"],
    });
    // A job's inventory may be any async action's (a model service's or a dataset's): this one is a service's.
    expect((result.inventory as { modelServiceImages?: unknown[] } | undefined)?.modelServiceImages).toHaveLength(2);
  });

  it("sent verbatim, gets the YAML error at line 4, column 2 and stores nothing", async () => {
    const before = await contract.client.queryModelServices({ count: true });
    const accepted = await curl(documentCurlBody);
    expect(accepted.status).toBe(202);
    const error = await contract.client.waitForJob(accepted.body.location).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: "SYS.1007" });
    expect((error as Error).message).toMatch(/param\.yaml: line 4, column 2: bad indentation/);
    expect(await contract.client.queryModelServices({ count: true })).toEqual(before);
  });
});
