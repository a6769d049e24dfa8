// The document express-openapi-validator is given: the served one without what only people read (descriptions,
// summaries, titles, examples). The validator bundles and walks its whole document at start and copies every
// route's part of it, and Ajv walks what each route's schema reaches: text that validates nothing was a good
// part of what they walked (figures: bench/README.md). Names are never touched: a key inside a map of names
// (`properties`, `paths`, `components.schemas`, a response's `content`, ...) stays, whatever it is called, so a
// field named `description` keeps its schema.
import type { Json } from "../contract/documents.js";

/** Keys whose value is text for readers only (dropped when their value is text). */
const annotations = new Set(["description", "summary", "title"]);
/** Keys whose value is an example or a pointer for readers (dropped, except as a name). */
const readerOnlyKeys = new Set(["example", "examples", "externalDocs"]);
/** Keys whose value is data (a default, the allowed values), copied as it is. */
const dataKeys = new Set(["default", "enum", "const"]);
/** Keys whose value maps names to objects: every key inside is a name, kept. */
const nameMaps = new Set([
  "properties",
  "patternProperties",
  "paths",
  "schemas",
  "parameters",
  "responses",
  "headers",
  "requestBodies",
  "securitySchemes",
  "links",
  "callbacks",
  "content",
  "encoding",
  "variables",
  "mapping",
  "$defs",
  "definitions",
]);

/** A copy of `doc` without reader-only annotations; `doc` is left as it was. */
export function validatorDocument(doc: Json): Json {
  const copy = (node: Json, namesHere: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => copy(item, false));
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      if (!namesHere && annotations.has(key) && typeof value === "string") continue;
      if (!namesHere && readerOnlyKeys.has(key)) continue;
      if (!namesHere && (dataKeys.has(key) || key.startsWith("x-"))) {
        out[key] = value;
        continue;
      }
      // A name map's entries are named objects (a property's schema, a path item): their own keys are keywords.
      out[key] = copy(value, !namesHere && nameMaps.has(key));
    }
    return out;
  };
  return copy(doc, false);
}
