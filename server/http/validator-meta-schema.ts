// express-openapi-validator 5.6.2 builds its OpenAPI meta-schema validator (Ajv compiling the whole OpenAPI 3.0
// schema) at every start, even with `validateApiSpec: false`, when it never uses it: about a tenth of start-up
// (figures: bench/README.md). Our documents are lint-checked when they are generated. This replaces the class
// its framework constructs (through the module's exports object, which the framework reads at each call) by one
// that builds the real validator only when asked to validate, or at once when `validateApiSpec` is on.
import { createRequire } from "node:module";

interface ApiSpecValidator {
  validate(doc: unknown): { errors: unknown[] };
}
type ApiSpecValidatorClass = new (opts: { version: string; validateApiSpec: boolean }) => ApiSpecValidator;
interface MetaSchemaModule {
  OpenAPISchemaValidator: ApiSpecValidatorClass;
  __zmsLazy?: boolean;
}

const validatorRequire = createRequire(createRequire(import.meta.url).resolve("express-openapi-validator"));

/** The validator's meta-schema module (its own instance, the one its framework uses). */
export function metaSchemaModule(): MetaSchemaModule {
  return validatorRequire("./framework/openapi.schema.validator") as MetaSchemaModule;
}

/** Installs the lazy meta-schema validator once per process (idempotent). */
export function lazyApiSpecValidator(): void {
  const module = metaSchemaModule();
  if (module.__zmsLazy) return;
  const Eager = module.OpenAPISchemaValidator;
  if (typeof Eager !== "function")
    throw new Error("express-openapi-validator has no OpenAPISchemaValidator: its internals changed");
  module.OpenAPISchemaValidator = class LazyApiSpecValidator implements ApiSpecValidator {
    private eager?: ApiSpecValidator;
    constructor(private readonly opts: { version: string; validateApiSpec: boolean }) {
      if (opts.validateApiSpec) this.eager = new Eager(opts);
    }
    validate(doc: unknown): { errors: unknown[] } {
      this.eager ??= new Eager(this.opts);
      return this.eager.validate(doc);
    }
  };
  module.__zmsLazy = true;
}
