// The validator's document preparation (server/http/validator-preprocess.ts) resolves `$ref`s to the very objects
// it resolved them to before, without compiling them on an Ajv instance that is thrown away afterwards, and skips
// bundling only documents for which bundling changes nothing.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadContract } from "../../server/contract/index.js";
import { validatorDocument } from "../../server/http/validator-document.js";
import {
  frameworkModule,
  leanDocumentPreparation,
  onlyLocalRefs,
  preprocessorModule,
} from "../../server/http/validator-preprocess.js";
import { apiVersions } from "../../server/options.js";

// biome-ignore lint/suspicious/noExplicitAny: a small OpenAPI document, walked by key.
type Json = any;

function documentWithRefs(): Json {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/things": {
        post: {
          requestBody: { $ref: "#/components/requestBodies/NewThing" },
          responses: {
            "200": {
              description: "ok",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
            },
          },
        },
      },
    },
    components: {
      requestBodies: {
        NewThing: { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
      },
      schemas: {
        Thing: {
          type: "object",
          properties: { name: { type: "string" }, part: { $ref: "#/components/schemas/Part" } },
        },
        Part: { type: "object", properties: { size: { type: "integer" } }, additionalProperties: false },
      },
    },
  };
}

// What the validator's AjvOptions#preprocessor hands the preprocessor, reduced to what a plain document needs.
const ajvOptions = { strict: false, validateSchema: false, useDefaults: true, formats: {}, serDesMap: {} };

describe("the validator's document preparation", () => {
  leanDocumentPreparation();
  const { SchemaPreprocessor } = preprocessorModule() as unknown as {
    SchemaPreprocessor: new (doc: Json, ajvOptions: Json, responses: Json) => Json;
  };

  it("resolves a component to the object the document holds, compiling nothing", () => {
    const doc = documentWithRefs();
    const thing = doc.components.schemas.Thing;
    const preprocessor = new SchemaPreprocessor(doc, ajvOptions, { removeAdditional: false });
    preprocessor.preProcess();
    expect(preprocessor.resolveSchema({ $ref: "#/components/schemas/Thing" })).toBe(thing);
    const registered = preprocessor.ajv.schemas["#/components/schemas/Thing"];
    expect(registered.schema).toBe(thing);
    expect(registered.validate).toBeUndefined(); // the unpatched resolution compiled it here
  });

  it("still resolves what Ajv has no schema registered for (request bodies) from the document", () => {
    const doc = documentWithRefs();
    const preprocessor = new SchemaPreprocessor(doc, ajvOptions, false);
    expect(preprocessor.resolveSchema({ $ref: "#/components/requestBodies/NewThing" })).toBe(
      doc.components.requestBodies.NewThing,
    );
  });

  it("is installed once however often it is asked", () => {
    const before = SchemaPreprocessor.prototype.resolveSchema;
    leanDocumentPreparation();
    expect(SchemaPreprocessor.prototype.resolveSchema).toBe(before);
  });
});

describe("the validator's document loading", () => {
  leanDocumentPreparation();
  const refParser = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"))(
    "@apidevtools/json-schema-ref-parser",
  ) as { bundle(doc: unknown): Promise<unknown> };

  it.each(apiVersions)("hands on %s's document as it is, which is what bundling it gave", async (version) => {
    const doc = validatorDocument(loadContract(version).document());
    expect(onlyLocalRefs(doc)).toBe(true);
    const untouched = structuredClone(doc);
    expect(await frameworkModule().OpenAPIFramework.prototype.loadSpec(doc)).toBe(doc);
    expect(await refParser.bundle(doc)).toEqual(untouched);
  });

  it("still bundles a document that refers elsewhere (here: to a file that is not there)", async () => {
    const elsewhere = { ...documentWithRefs(), components: { schemas: { X: { $ref: "not-there.yaml#/X" } } } };
    expect(onlyLocalRefs(documentWithRefs())).toBe(true);
    expect(onlyLocalRefs(elsewhere)).toBe(false);
    await expect(frameworkModule().OpenAPIFramework.prototype.loadSpec(elsewhere)).rejects.toThrow(/not-there/);
  });
});
