// A server started as each version against clients of each version: what the server's version lacks is
// rejected naming the version that added it (the source document's "since" column); what it has round-trips.
import { describe, expect, it } from "vitest";
import type { ApiVersion } from "../../generated/types/index.js";
import { addModelServiceParameters, versions } from "../fixtures/seed.js";
import type { Json } from "../helpers/documents.js";
import { useContract } from "./harness.js";
import { sendingInvalid } from "./judge.js";
import { documentParam } from "./spec-examples.js";

/** A valid value for each field that arrived after 5.1.8. */
const sampleValues: Record<string, unknown> = {
  source: "HuggingFace",
  modelUuids: ["model-a"],
  architectureImages: [{ cpuArchitecture: "X86_64", dockerImage: "registry.example.com/x:1" }],
  supportDistributed: true,
  containerCommand: "python3",
  containerArgs: "serve.py --port 3000",
  vendorToSpecUuidsMap: { NVIDIA: ["spec-a", "spec-b"] },
};
const laterFields = addModelServiceParameters.filter((f) => f.since !== "5.1.8");
const newer = (a: string, b: string) => versions.indexOf(a as never) > versions.indexOf(b as never);
const older = (a: ApiVersion, b: ApiVersion) => (newer(a, b) ? b : a);

it("has a sample value for every field added after 5.1.8", () => {
  expect(laterFields.map((f) => f.name).sort()).toEqual(Object.keys(sampleValues).sort());
});

describe.each(versions)("a %s server", (serverVersion) => {
  const contract = useContract({ serverVersion });

  describe.each(versions)("with a %s client", (clientVersion) => {
    it("round-trips the document's request as both versions have it", async () => {
      const client = await contract.clientOf(clientVersion);
      const param: Json = documentParam(older(serverVersion, clientVersion));
      const inventory: Json = await client.addModelService(param as never);
      expect(await client.getModelService(inventory.uuid)).toEqual(inventory);
      expect(inventory).toMatchObject({
        name: param.name,
        requestCpu: param.requestCpu,
        source: param.source ?? "Other",
      });
    });

    const lacking = laterFields.filter((f) => newer(f.since, serverVersion) && !newer(f.since, clientVersion));
    it.skipIf(lacking.length === 0).each(lacking)("rejects $name, naming $since", async ({ name, since }) => {
      const client = await contract.clientOf(clientVersion);
      const param = { ...documentParam(serverVersion), [name]: sampleValues[name] };
      const error: Json = await sendingInvalid(() => client.addModelService(param as never)).catch((e: unknown) => e);
      expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
      expect(error.details).toContain(`param.${name}`);
      expect(error.details).toContain(since);
    });

    const having = laterFields.filter((f) => !newer(f.since, serverVersion) && !newer(f.since, clientVersion));
    it.skipIf(having.length === 0).each(having)("round-trips $name", async ({ name }) => {
      const client = await contract.clientOf(clientVersion);
      const inventory: Json = await client.addModelService({
        ...documentParam(older(serverVersion, clientVersion)),
        [name]: sampleValues[name],
      } as never);
      const stored: Json = await client.getModelService(inventory.uuid);
      if (name === "architectureImages") expect(stored.cpuArchitectures).toEqual(["X86_64"]);
      else if (name === "modelUuids")
        expect(stored.modelServiceRefs.map((r: Json) => r.modelUuid)).toEqual(["model-a"]);
      else expect(stored[name]).toEqual(sampleValues[name]);
    });
  });
});
