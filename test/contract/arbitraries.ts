// fast-check arbitraries derived from the published documents: a value for any schema of the subset the
// spec uses, and AddModelService params built from the `param` schema itself, so new fields are covered
// without touching the tests.
import fc from "fast-check";
import { dump } from "js-yaml";
import { resolveSchema, type Json } from "../helpers/documents.js";

const forbiddenKeys = new Set(["__proto__", "constructor", "prototype"]);
const text = (min = 0, max = 24) => fc.string({ unit: "grapheme", minLength: min, maxLength: max });
const key = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }).filter((k) => !forbiddenKeys.has(k));

/** A value valid for `schema` (resolved in `doc`), with `overrides` for named properties of the top object. */
export function valueFor(
  doc: Json,
  schema: Json,
  overrides: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<unknown> {
  const s = resolveSchema(doc, schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case "string":
      return s.pattern
        ? fc.stringMatching(new RegExp(s.pattern))
        : text(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 40));
    case "integer": {
      const max = s.format === "int64" ? Number.MAX_SAFE_INTEGER : 2 ** 31 - 1;
      return fc.integer({ min: s.minimum ?? -max, max: s.maximum ?? max });
    }
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(valueFor(doc, s.items), { maxLength: 3 });
    case "object": {
      if (!s.properties)
        return fc.dictionary(key, valueFor(doc, s.additionalProperties ?? { type: "string" }), { maxKeys: 3 });
      const properties = Object.fromEntries(
        Object.entries(s.properties as Record<string, Json>).map(([name, p]) => [
          name,
          overrides[name] ?? valueFor(doc, p),
        ]),
      );
      return fc.record(properties, { requiredKeys: s.required ?? [] });
    }
    default:
      throw new Error(`no arbitrary for schema ${JSON.stringify(s)}`);
  }
}

/** A valid service YAML document (the shape of generated/service-yaml.schema.json), as text. */
export const serviceYaml: fc.Arbitrary<string> = fc
  .record(
    {
      services: fc.array(
        fc.record(
          {
            name: text(1, 30),
            ports: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
            livez: fc.constantFrom("/livez", "/health"),
            readyz: fc.constantFrom("/readyz", "/ready"),
            serviceBootupTime: fc.nat({ max: 600 }),
          },
          { requiredKeys: ["name"] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      env: fc.array(fc.oneof(text(1, 20), fc.dictionary(key, text(0, 10), { maxKeys: 2 })), { maxLength: 3 }),
      distro: fc.record(
        { packages: fc.oneof(text(0, 20), fc.array(text(1, 10), { maxLength: 3 })) },
        { requiredKeys: [] },
      ),
      python: fc.record(
        { requirements_txt: text(1, 20), index_url: text(1, 30), trusted_host: text(1, 20) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["services"] },
  )
  .map((doc) => dump(doc, { noRefs: true }));

/** Resource uuids that are unique within a run and reproducible: a counter laid into ZStack's uuid pattern. */
export function uniqueResourceUuids(seed: number): fc.Arbitrary<string> {
  let counter = 0;
  return fc.constant(null).map(() => {
    counter += 1;
    const hex = (n: number, width: number) => n.toString(16).padStart(width, "0").slice(-width);
    const head = `${hex(seed >>> 0, 8)}${hex(counter, 4)}`;
    return `${head}4${hex(counter >>> 16, 3)}8${hex(process.pid, 3)}${hex(counter, 12)}`;
  });
}

/** AddModelService params valid for the document's `param` schema, with valid YAML and unique resourceUuids. */
export function addModelServiceParams(doc: Json, seed: number): fc.Arbitrary<Record<string, unknown>> {
  const param = doc.components.schemas.AddModelServiceParam;
  return valueFor(doc, param, {
    yaml: serviceYaml,
    resourceUuid: uniqueResourceUuids(seed),
    // Names are trimmed by nobody, but an empty-looking name is still a name: keep them printable.
    name: text(1, 40),
  }) as fc.Arbitrary<Record<string, unknown>>;
}
