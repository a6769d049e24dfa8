// The service YAML's JSON Schema accepts the document's (re-indented) YAML and rejects wrong shapes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { documentYamlReindented } from "../fixtures/seed.js";
import { repoRoot } from "../helpers/documents.js";

const schema = JSON.parse(readFileSync(join(repoRoot, "generated/service-yaml.schema.json"), "utf8"));
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
const check = (value: unknown) =>
  validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);

describe("service YAML schema", () => {
  it("accepts the document's YAML, re-indented", () => {
    expect(check(load(documentYamlReindented))).toEqual([]);
  });

  it("accepts keys it does not name", () => {
    expect(check({ services: [{ name: "a", gpu: 1 }], resources: { gpu: 1 } })).toEqual([]);
  });

  it("accepts startupParameters and inferenceParams maps of scalars (UpdateModelService writes them)", () => {
    expect(
      check({
        services: [{ name: "a" }],
        startupParameters: { "max-model-len": 4096, dtype: "auto" },
        inferenceParams: { stream: true },
      }),
    ).toEqual([]);
  });

  it.each([
    ["startupParameters as a list", { services: [{ name: "a" }], startupParameters: ["--x"] }],
    [
      "an inferenceParams value that is a mapping",
      { services: [{ name: "a" }], inferenceParams: { sampling: { top_p: 1 } } },
    ],
    ["no services", { env: ["a"] }],
    ["an empty services list", { services: [] }],
    ["a service without a name", { services: [{ ports: [80] }] }],
    ["a port out of range", { services: [{ name: "a", ports: [70000] }] }],
    ["a port that is not a number", { services: [{ name: "a", ports: ["http"] }] }],
    ["services as a mapping", { services: { name: "a" } }],
    ["a negative boot-up time", { services: [{ name: "a", serviceBootupTime: -1 }] }],
    ["python as a string", { services: [{ name: "a" }], python: "3.8" }],
    ["a document that is a list", [{ name: "a" }]],
  ])("rejects %s", (_what, value) => {
    expect(check(value)).not.toEqual([]);
  });
});
