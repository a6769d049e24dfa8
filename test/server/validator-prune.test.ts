// The pruned roots that start-up hands Ajv (server/http/validator-prune.ts) must validate exactly as the whole
// document did: what a route's schema reaches through `$ref`s stays, transitively; the rest goes.
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { prunedRoot } from "../../server/http/validator-prune.js";

const components = {
  schemas: {
    Used: {
      type: "object",
      properties: { inner: { $ref: "#/components/schemas/Inner" } },
      additionalProperties: false,
    },
    Inner: { type: "string", maxLength: 3 },
    Cycle: { type: "object", properties: { self: { $ref: "#/components/schemas/Cycle" } } },
    Unused: { type: "integer" },
  },
  parameters: { Limit: { name: "limit", in: "query", schema: { $ref: "#/components/schemas/Inner" } } },
  securitySchemes: { OAuth: { type: "apiKey", in: "header", name: "Authorization" } },
};
const paths = { "/x": { get: { responses: {} } } };
const root = (response: object) => ({ type: "object", properties: { response }, components, paths });

describe("prunedRoot", () => {
  it("keeps what the schema reaches, transitively and through cycles, and empties the rest", () => {
    const pruned = prunedRoot(
      root({ allOf: [{ $ref: "#/components/schemas/Used" }, { $ref: "#/components/schemas/Cycle" }] }),
    );
    expect(Object.keys(pruned.components.schemas).sort()).toEqual(["Cycle", "Inner", "Used"]);
    expect(pruned.components.parameters).toEqual({});
    expect(pruned.paths).toEqual({});
    expect(pruned.components.schemas.Used).toBe(components.schemas.Used);
  });

  it("validates as the whole document does", () => {
    const response = { $ref: "#/components/schemas/Used" };
    const full = new Ajv({ allErrors: true, strict: false }).compile(root(response));
    const pruned = new Ajv({ allErrors: true, strict: false }).compile(prunedRoot(root(response)));
    for (const body of [{ inner: "ok" }, { inner: "long" }, { other: 1 }, {}, "x"]) {
      const data = { response: body };
      expect([pruned(data), pruned.errors]).toEqual([full(data), full.errors]);
    }
  });

  it("leaves a root without paths or components alone", () => {
    const plain = { type: "object", properties: { body: { type: "string" } } };
    expect(prunedRoot(plain)).toBe(plain);
  });
});

describe("prunedRoot, a root it does not reason about", () => {
  it("is compiled whole when it refers to anything but a local JSON pointer", () => {
    const whole = root({ $ref: "other.yaml#/components/schemas/Used" });
    expect(prunedRoot(whole)).toBe(whole);
  });
});
