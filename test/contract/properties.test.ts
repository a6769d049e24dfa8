// Property-based: AddModelService params generated from the published `param` schema are all accepted and
// come back through GetModelService as sent; mutated ones are all rejected naming the field, and change
// nothing. Seeded (ZMS_FC_SEED) and reproducible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZStackApiError } from "../../client/index.js";
import { latestApiVersion } from "../../generated/types/index.js";
import { loadDocument, type Json } from "../helpers/documents.js";
import { addModelServiceParams } from "./arbitraries.js";
import { useContract } from "./harness.js";
import { sendingInvalid } from "./judge.js";

const contract = useContract();
const doc = loadDocument(latestApiVersion);
const paramSchema = doc.components.schemas.AddModelServiceParam;
const seed = Number(process.env.ZMS_FC_SEED ?? 20261124);
const params = addModelServiceParams(doc, seed) as fc.Arbitrary<Json>;

/** Param fields the inventory carries under the same name. */
const copied = Object.keys(paramSchema.properties).filter(
  (f) => f in doc.components.schemas.ModelServiceInventory.properties,
);
const defaults: Record<string, unknown> = {
  type: "Endpoint",
  source: "Other",
  system: false,
  supportDistributed: false,
};

// Each property sends many requests (through Prism in the judged run): on a busy two-core machine they need room.
describe("valid params", () => {
  it("are accepted and read back equal on every field they set", async () => {
    await fc.assert(
      fc.asyncProperty(params, async (param) => {
        const added = await contract.client.addModelService(param);
        const got = (await contract.client.getModelService(added.uuid)) as Json;
        expect(got).toEqual(added);
        for (const field of copied) expect([field, got[field]]).toEqual([field, param[field] ?? defaults[field]]);
        if (param.resourceUuid) expect(got.uuid).toBe(param.resourceUuid);
        const images = (param.architectureImages ?? []) as Json[];
        expect(got.modelServiceImages.map((i: Json) => [i.cpuArchitecture, i.vmImageUuid, i.dockerImage])).toEqual(
          images.map((i) => [i.cpuArchitecture, i.vmImageUuid, i.dockerImage]),
        );
        expect(got.cpuArchitectures).toEqual([...new Set(images.map((i) => i.cpuArchitecture))]);
        // One binding per model: model_service_refs is unique per (model, service).
        expect(got.modelServiceRefs.map((r: Json) => r.modelUuid)).toEqual([...new Set(param.modelUuids ?? [])]);
      }),
      { numRuns: 150, seed },
    );
  }, 120_000);
});

type Mutation = { field: string; schemaValid: boolean; apply: (param: Json) => void };

const required: string[] = paramSchema.required;
const wrongValueFor = (schema: Json): unknown => {
  const type = schema.type ?? "string";
  return type === "string" || schema.allOf || schema.$ref
    ? 42
    : type === "integer"
      ? "4"
      : type === "boolean"
        ? "yes"
        : type === "array"
          ? "x"
          : [];
};
const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...required).map((field) => ({ field, schemaValid: false, apply: (p: Json) => delete p[field] })),
  fc.constantFrom(...Object.keys(paramSchema.properties)).map((field) => ({
    field,
    schemaValid: false,
    apply: (p: Json) => (p[field] = wrongValueFor(paramSchema.properties[field])),
  })),
  fc
    .stringMatching(/^[a-z][A-Za-z]{2,12}$/)
    .filter((f) => !(f in paramSchema.properties))
    .map((field) => ({
      field,
      schemaValid: false,
      apply: (p: Json) => (p[field] = "surplus"),
    })),
  fc
    .tuple(fc.constantFrom("requestCpu", "requestMemory"), fc.integer({ min: -1000, max: 0 }))
    .map(([field, value]) => ({
      field,
      schemaValid: false,
      apply: (p: Json) => (p[field] = value),
    })),
  fc.constantFrom("not-a-uuid", "0123456789abcdef0123456789abcdeg", "0123456789ab0def0123456789abcdef").map((uuid) => ({
    field: "resourceUuid",
    schemaValid: false,
    apply: (p: Json) => (p.resourceUuid = uuid),
  })),
  fc
    .constantFrom(
      "services:\n  - name: [unclosed",
      "services: {a: 1",
      "\tservices: []",
      "services:\n - name: a\n  ports: 80",
    )
    .map((yaml) => ({
      field: "yaml",
      schemaValid: true,
      apply: (p: Json) => (p.yaml = yaml),
    })),
);

describe("mutated params", () => {
  it("are rejected with SYS.1007 or 400 naming the field, and change nothing stored", async () => {
    const stored = async () => (await contract.client.queryModelServices({ sort: "+uuid" })).inventories;
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(params, mutations, async (param, mutation) => {
        mutation.apply(param);
        const add = () => contract.client.addModelService(param);
        const error = await (mutation.schemaValid ? add() : sendingInvalid(add)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ZStackApiError);
        const { status, code, details } = error as ZStackApiError;
        expect([status, code]).toSatisfy(([s, c]: [number, string]) => (s === 503 && c === "SYS.1007") || s === 400);
        expect(details).toContain(`param.${mutation.field}`);
      }),
      { numRuns: 250, seed },
    );
    expect(await stored()).toEqual(before);
  }, 120_000);
});
