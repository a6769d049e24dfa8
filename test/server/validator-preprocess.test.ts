// The validator's document preparation (server/http/validator-preprocess.ts) resolves `$ref`s to the very objects
// it resolved them to before, without compiling them on an Ajv instance that is thrown away afterwards.
import { describe, expect, it } from "vitest";
import { compileFreePreprocessing, preprocessorModule } from "../../server/http/validator-preprocess.js";

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
  compileFreePreprocessing();
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
    compileFreePreprocessing();
    expect(SchemaPreprocessor.prototype.resolveSchema).toBe(before);
  });
});
