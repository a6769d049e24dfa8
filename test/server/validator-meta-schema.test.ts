// The validator's OpenAPI meta-schema check (server/http/validator-meta-schema.ts) is built only when it is used:
// a server started with `validateApiSpec: false` never compiles it, and one that does ask still gets the real check.
import { describe, expect, it } from "vitest";
import { lazyApiSpecValidator, metaSchemaModule } from "../../server/http/validator-meta-schema.js";

describe("the lazy meta-schema validator", () => {
  lazyApiSpecValidator();
  const { OpenAPISchemaValidator } = metaSchemaModule();
  const valid = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {} };
  const invalid = { openapi: "3.0.3", info: { title: "t" }, paths: { x: 1 } };

  it("is what the validator's framework constructs, installed once however often it is asked", () => {
    lazyApiSpecValidator();
    expect(metaSchemaModule().OpenAPISchemaValidator).toBe(OpenAPISchemaValidator);
    expect(OpenAPISchemaValidator.name).toBe("LazyApiSpecValidator");
  });

  it("still finds a document's errors, when validation is on or when asked later", () => {
    for (const validateApiSpec of [true, false]) {
      const validator = new OpenAPISchemaValidator({ version: "3.0.3", validateApiSpec });
      expect(validator.validate(valid).errors).toEqual([]);
      expect(validator.validate(invalid).errors.length).toBeGreaterThan(0);
    }
  });
});
