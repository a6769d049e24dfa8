// How express-openapi-validator 5.6.2 prepares the document before compiling anything, minus two pieces of work
// that give our documents nothing but start-up time (figures: bench/README.md):
// - Loading: it runs json-schema-ref-parser's `bundle` over the document object, which for a document whose every
//   `$ref` is local ("#/...") returns that same object unchanged after walking all of it (a test checks that for
//   every published version). Such a document is handed on as it is; any other still goes through `bundle`.
// - Its SchemaPreprocessor resolves each `$ref` with `ajv.getSchema(ref).schema`: Ajv's getSchema compiles the
//   schema before returning it, so every component schema was compiled on an Ajv instance that is thrown away
//   right after, only for the object it was given. The same references resolve to the same objects without
//   compiling: a component registered on that Ajv is read from Ajv's registry (`ajv.schemas`, the object
//   getSchema's answer carries); anything else falls through to the validator's own code. The compiles that
//   matter still happen, on the validators' own Ajv instances, at warm-up.
import { createRequire } from "node:module";
import { refsIn } from "./validator-compiles.js";

interface PreprocessorAjv {
  schemas?: Record<string, { schema?: unknown } | undefined>;
}
interface Preprocessor {
  ajv: PreprocessorAjv;
  resolvedSchemaCache: Map<string, unknown>;
}
interface PreprocessorModule {
  SchemaPreprocessor: {
    prototype: { resolveSchema(this: Preprocessor, schema: unknown): unknown; __zmsNoCompile?: boolean };
  };
}

const validatorRequire = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"));

/** The validator's SchemaPreprocessor module (its own instance, the one its middleware constructs). */
export function preprocessorModule(): PreprocessorModule {
  return validatorRequire("./middlewares/parsers/schema.preprocessor") as PreprocessorModule;
}

interface FrameworkModule {
  OpenAPIFramework: { prototype: { loadSpec(doc: unknown, refParser?: unknown): unknown; __zmsLocal?: boolean } };
}

/** The validator's OpenAPIFramework module (its own instance). */
export function frameworkModule(): FrameworkModule {
  return validatorRequire("./framework/index") as FrameworkModule;
}

/** Whether every `$ref` in the tree is a local JSON pointer ("#/..."). */
export function onlyLocalRefs(node: unknown): boolean {
  return refsIn(node).every((ref) => ref.startsWith("#/"));
}

/** Installs both once per process (idempotent). */
export function leanDocumentPreparation(): void {
  compileFreePreprocessing();
  const { prototype } = frameworkModule().OpenAPIFramework;
  if (prototype.__zmsLocal) return;
  const load = prototype.loadSpec;
  if (typeof load !== "function")
    throw new Error("express-openapi-validator has no OpenAPIFramework#loadSpec: its internals changed");
  prototype.loadSpec = function loadSpec(doc, refParser) {
    const bundling = !refParser || (refParser as { mode?: string }).mode !== "dereference";
    if (bundling && doc && typeof doc === "object" && onlyLocalRefs(doc)) return Promise.resolve(doc);
    return load.call(this, doc, refParser);
  };
  prototype.__zmsLocal = true;
}

/** Installs the compile-free reference resolution once per process (idempotent). */
function compileFreePreprocessing(): void {
  const { prototype } = preprocessorModule().SchemaPreprocessor;
  if (prototype.__zmsNoCompile) return;
  const original = prototype.resolveSchema;
  if (typeof original !== "function")
    throw new Error("express-openapi-validator has no SchemaPreprocessor#resolveSchema: its internals changed");
  prototype.resolveSchema = function resolveSchema(schema) {
    const ref = (schema as { $ref?: unknown } | null | undefined)?.$ref;
    const registered = typeof ref === "string" ? this.ajv?.schemas?.[ref]?.schema : undefined;
    if (typeof ref !== "string" || registered === undefined || this.resolvedSchemaCache.has(ref))
      return original.call(this, schema);
    this.resolvedSchemaCache.set(ref, registered);
    return registered;
  };
  prototype.__zmsNoCompile = true;
}
