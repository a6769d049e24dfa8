// The pruned roots that start-up hands Ajv (server/http/validator-compiles.ts) must validate exactly as the whole
// document did: what a route's schema reaches through `$ref`s stays, transitively; the rest goes.
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { prunedRoot, leanValidatorCompiles } from "../../server/http/validator-compiles.js";

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

describe("the validator's compiles, once installed", () => {
  leanValidatorCompiles();
  const util = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"))(
    "./middlewares/util",
  ) as { useAjvCache(ajv: unknown, schema: unknown, key: string): (data: unknown) => boolean };
  const request = (body: object) => ({
    required: ["query"],
    properties: { query: { type: "object" }, body },
    components,
    paths,
  });

  it("compile a root once per Ajv instance when its text repeats (one per route and content type)", () => {
    const ajv = new Ajv({ strict: false });
    const first = util.useAjvCache(ajv, request({ $ref: "#/components/schemas/Inner" }), "POST-/x-application/json");
    const again = util.useAjvCache(ajv, request({ $ref: "#/components/schemas/Inner" }), "POST-/y-text/plain");
    expect(again).toBe(first);
    expect(util.useAjvCache(new Ajv({ strict: false }), request({ $ref: "#/components/schemas/Inner" }), "k")).not.toBe(
      first,
    );
  });

  it("validate as Ajv's own optimized compile does", () => {
    const schema = request({ $ref: "#/components/schemas/Used" });
    const lean = util.useAjvCache(new Ajv({ allErrors: true, strict: false }), schema, "lean");
    const plain = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const body of [{ inner: "ok" }, { inner: "long" }, { other: 1 }, {}, "x"]) {
      const data = { query: {}, body };
      expect([lean(data), (lean as unknown as { errors: unknown }).errors]).toEqual([plain(data), plain.errors]);
    }
  });

  it("compile roots that differ, or that JSON cannot tell apart, each on its own", () => {
    const ajv = new Ajv({ strict: false });
    const short = util.useAjvCache(ajv, request({ type: "string", maxLength: 3 }), "a");
    const long = util.useAjvCache(ajv, request({ type: "string", maxLength: 30 }), "b");
    expect(long).not.toBe(short);
    expect(short({ query: {}, body: "long" })).toBe(false);
    expect(long({ query: {}, body: "long" })).toBe(true);
    const withFunction = (limit: number) => ({ ...request({ type: "string" }), "x-serialize": () => limit });
    expect(util.useAjvCache(ajv, withFunction(1), "c")).not.toBe(util.useAjvCache(ajv, withFunction(2), "d"));
  });
});
