// express-openapi-validator 5.6.2 compiles every route's request and response schemas through one entry point
// (middlewares/util.js `useAjvCache`), which this module wraps, once per process, to make start-up's warm-up cheap
// (figures: bench/README.md) without changing what any validator accepts:
// - Pruned roots. Each root carries the whole document beside the route's schema (`paths` and `components`, "for
//   resolution with multi-file"), and Ajv walks every root it compiles to collect its ids (json-schema-traverse in
//   getSchemaRefs). Ajv gets a copy that keeps only what the route's schema references, directly or through other
//   references: a `$ref` resolves to the same object, and what is left out is what no `$ref` reaches. (Ajv
//   resolves `#/components/schemas/...` from the schemas the validator added to its Ajv instance first in any case.)
// - Shared compiles. The same root is built again per route and content type; it is compiled once per Ajv instance.
// - No optimizing passes over the generated code: Ajv's optimizer only tidies the source (unused names, constant
//   inlining), a third of a compile's time, for code V8 then runs equally fast.
import { createRequire } from "node:module";

// biome-ignore lint/suspicious/noExplicitAny: a JSON schema tree, walked by key.
type Json = any;

interface ValidatorUtil {
  useAjvCache(ajv: unknown, schema: Json, key: string): unknown;
  __zmsLean?: boolean;
}

// The validator's own module instance: its middlewares call `util_1.useAjvCache(...)` through the exports
// object at each call, so replacing the export reaches every caller.
const validatorRequire = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"));

/** Installs the wrapper once per process (idempotent). */
export function leanValidatorCompiles(): void {
  const util = validatorRequire("./middlewares/util") as ValidatorUtil;
  if (util.__zmsLean) return;
  if (typeof util.useAjvCache !== "function")
    throw new Error("express-openapi-validator has no middlewares/util useAjvCache: its internals changed");
  const original = util.useAjvCache;
  // The response validator builds a route's validators once per request content type (its cache key), each a
  // root `{ type: "object", properties: { response: <the document's schema> } }`: the same document schema
  // compiled again on the same Ajv gives the same function, so it is compiled once and shared.
  // The request validator builds a root per route and request content type: most routes' roots are the same
  // JSON (every GET without parameters has one; each POST's is repeated per content type), and Ajv compiled each
  // copy again (figures: bench/README.md). So a root is compiled once per Ajv instance and text: the same text on
  // the same instance (same options, same registered components) is the same function.
  const compiledByAjv = new WeakMap<object, Map<unknown, unknown>>();
  util.useAjvCache = (ajv, schema, key) => {
    withoutOptimizing(ajv);
    const sameAs = responseSchemaOf(schema) ?? rootText(schema);
    if (!ajv || typeof ajv !== "object" || sameAs === undefined) return original(ajv, prunedRoot(schema), key);
    let compiled = compiledByAjv.get(ajv);
    if (!compiled) {
      compiled = new Map();
      compiledByAjv.set(ajv, compiled);
    }
    let validator = compiled.get(sameAs);
    if (!validator) {
      validator = original(ajv, prunedRoot(schema), key);
      compiled.set(sameAs, validator);
    }
    return validator;
  };
  util.__zmsLean = true;
}

/** Turns off Ajv's code optimizer on one of the validator's instances (it reads the option at each compile). */
function withoutOptimizing(ajv: unknown): void {
  const code = (ajv as { opts?: { code?: { optimize?: number | boolean } } } | null)?.opts?.code;
  if (code) code.optimize = 0;
}

/**
 * A root's own schema (without the document's `paths` and `components`, which are the same for every root of an
 * Ajv instance) as JSON, or undefined when JSON would not say all of it (a function, e.g. a serializer keyword).
 */
function rootText(root: Json): string | undefined {
  if (!root || typeof root !== "object") return undefined;
  const { paths: _paths, components: _components, ...own } = root;
  let exact = true;
  const text = JSON.stringify(own, (_key, value) => {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") exact = false;
    return value;
  });
  return exact ? text : undefined;
}

/** The document schema of a response validator's root, when the root is exactly that wrapper. */
function responseSchemaOf(root: Json): object | undefined {
  if (!root || typeof root !== "object") return undefined;
  const ownKeys = Object.keys(root).filter((key) => key !== "paths" && key !== "components");
  const properties = root.properties;
  const wrapper = ownKeys.length === 2 && root.type === "object" && properties && Object.keys(properties).length === 1;
  const response = wrapper ? properties.response : undefined;
  return response && typeof response === "object" ? response : undefined;
}

/** The root with `paths` and `components` reduced to what its own schema reaches through `$ref`s. */
export function prunedRoot(root: Json): Json {
  if (!root || typeof root !== "object" || !("components" in root || "paths" in root)) return root;
  const { paths, components, ...own } = root;
  const kept: Record<string, Record<string, Json>> = {};
  let keepPaths = false;
  const seen = new Set<string>();
  const pending: Json[] = [own];
  while (pending.length > 0) {
    for (const ref of refsIn(pending.pop())) {
      // Anchors, other files, `$id` bases: not ours to reason about (another app's document in this process may
      // use them), so such a root is compiled whole, as the validator built it.
      if (!ref.startsWith("#/")) return root;
      if (seen.has(ref)) continue;
      seen.add(ref);
      const segments = ref.slice(2).split("/").map(unescapePointer);
      if (segments[0] === "paths") {
        // Not in our documents; if a route ever refers into paths, keep them whole (and everything they reach).
        if (!keepPaths && paths) pending.push(paths);
        keepPaths = true;
      } else if (segments[0] === "components" && segments.length >= 3) {
        const [, kind, name] = segments as [string, string, string];
        const target = components?.[kind]?.[name];
        if (target === undefined) continue; // unresolvable either way: Ajv reports it as it would have
        kept[kind] ??= {};
        kept[kind][name] = target;
        pending.push(target);
      }
    }
  }
  const pruned: Json = { ...own };
  // The keys stay when they were there, so that the root has the same shape the validator built.
  if ("paths" in root) pruned.paths = keepPaths ? paths : {};
  if ("components" in root)
    pruned.components = components ? { ...components, ...emptyKinds(components), ...kept } : components;
  return pruned;
}

/** Each component kind of the document, emptied (kinds nothing references stay present but empty). */
function emptyKinds(components: Json): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const [kind, value] of Object.entries(components))
    result[kind] = value && typeof value === "object" ? {} : value;
  return result;
}

/** Every `$ref` string in a tree (not following them; a shared or cyclic object is visited once). */
export function refsIn(node: Json): string[] {
  const refs: string[] = [];
  const stack: Json[] = [node];
  const visited = new WeakSet<object>();
  while (stack.length > 0) {
    const at = stack.pop();
    if (!at || typeof at !== "object" || visited.has(at)) continue;
    visited.add(at);
    if (Array.isArray(at)) {
      stack.push(...at);
      continue;
    }
    for (const [key, value] of Object.entries(at)) {
      if (key === "$ref" && typeof value === "string") refs.push(value);
      else if (value && typeof value === "object") stack.push(value);
    }
  }
  return refs;
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}
