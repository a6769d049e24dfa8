// The validator's copy of the document (server/http/validator-document.ts) loses only what people read: a field
// named like an annotation keeps its schema, data (defaults, enums, extensions) is untouched, and validation of
// the served document's own requests is unchanged (the server tests run on this copy).
import { describe, expect, it } from "vitest";
import { loadDocument } from "../../server/contract/documents.js";
import { validatorDocument } from "../../server/http/validator-document.js";
import { newestApiVersion } from "../../server/options.js";

describe("validatorDocument", () => {
  const doc = {
    openapi: "3.0.3",
    info: { title: "API", description: "about", version: "1" },
    paths: {
      "/x": {
        summary: "x",
        post: {
          description: "posts",
          responses: { "200": { description: "ok", content: { "application/json": { example: { a: 1 } } } } },
        },
      },
    },
    components: {
      schemas: {
        description: { type: "string", description: "a schema named description" },
        Inventory: {
          type: "object",
          title: "Inventory",
          example: { description: "x" },
          properties: {
            description: { type: "string", maxLength: 3, description: "the field" },
            title: { type: "string" },
            example: { type: "integer" },
            state: { type: "string", enum: ["description"], default: "description", "x-zstack-since": "5.1.8" },
          },
          default: { description: "kept" },
        },
      },
      examples: { One: { value: 1 } },
    },
  };

  it("keeps every name and all data, and drops reader-only text and examples", () => {
    const copy = validatorDocument(doc);
    const inventory = copy.components.schemas.Inventory;
    expect(Object.keys(inventory.properties)).toEqual(["description", "title", "example", "state"]);
    expect(inventory.properties.description).toEqual({ type: "string", maxLength: 3 });
    expect(inventory.properties.state).toEqual(doc.components.schemas.Inventory.properties.state);
    expect(inventory.default).toEqual({ description: "kept" });
    expect(inventory.title).toBeUndefined();
    expect(inventory.example).toBeUndefined();
    expect(copy.components.schemas.description).toEqual({ type: "string" });
    expect(copy.components.examples).toBeUndefined();
    expect(copy.paths["/x"].post.responses["200"]).toEqual({ content: { "application/json": {} } });
    expect(copy.info).toEqual({ version: "1" });
    expect(doc.components.schemas.Inventory.title).toBe("Inventory");
  });

  it("keeps every operation, parameter and schema name of the served document", () => {
    const served = loadDocument(newestApiVersion);
    const copy = validatorDocument(served);
    expect(Object.keys(copy.paths)).toEqual(Object.keys(served.paths));
    expect(Object.keys(copy.components.schemas)).toEqual(Object.keys(served.components.schemas));
    expect(Object.keys(copy.components.parameters ?? {})).toEqual(Object.keys(served.components.parameters ?? {}));
    expect(JSON.stringify(copy).length).toBeLessThan(JSON.stringify(served).length);
  });
});
