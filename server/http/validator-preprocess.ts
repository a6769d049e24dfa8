// express-openapi-validator 5.6.2 prepares the document (its SchemaPreprocessor) by resolving each `$ref` it meets
// with `ajv.getSchema(ref).schema`: Ajv's getSchema compiles the schema before returning it, so every component
// schema was compiled once on an Ajv instance that is thrown away right after, only for the object it was given
// (about a fifth of start-up; figures: bench/README.md). This resolves the same references to the same objects
// without compiling: a component registered on that Ajv is read from Ajv's registry (`ajv.schemas`, the object
// getSchema's answer carries), anything else falls through to the validator's own code. The compile that matters
// still happens, on the validators' own Ajv instances, at warm-up.
import { createRequire } from "node:module";

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

/** Installs the compile-free reference resolution once per process (idempotent). */
export function compileFreePreprocessing(): void {
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
