// express-openapi-validator on the served version's document, requests and responses. Its middleware chain
// is re-ordered so that the session check runs after routing (unknown paths are 404 for anyone) and before
// request validation (no session, no argument checking), and so that responses of every kind, error
// answers included, pass response validation.
import type { RequestHandler } from "express";
import * as OpenApiValidator from "express-openapi-validator";
import type { Contract } from "../contract/index.js";
import type { UnknownFieldsMode } from "../options.js";
import { validatorDocument } from "./validator-document.js";
import { lazyApiSpecValidator } from "./validator-meta-schema.js";
import { leanDocumentPreparation } from "./validator-preprocess.js";
import { leanValidatorCompiles } from "./validator-compiles.js";
import { memoizedRouteLookup } from "./validator-routes.js";

export function validatorMiddleware(
  contract: Contract,
  options: { validateResponses: boolean; unknownFields: UnknownFieldsMode },
  authenticate: RequestHandler,
): RequestHandler[] {
  // `--unknown-fields ignore` (DESIGN.md Decision 3): Ajv's removeAdditional drops, before validating, every
  // key that a closed (`additionalProperties: false`) object of the request does not name, at any depth, and
  // unknown query parameters pass. The documents stay closed: this is the server's leniency, not the contract's.
  const ignoreUnknown = options.unknownFields === "ignore";
  leanValidatorCompiles();
  leanDocumentPreparation();
  lazyApiSpecValidator();
  const chain = OpenApiValidator.middleware({
    // The document is lint-checked when it is generated; checking it again would only slow start-up.
    apiSpec: validatorDocument(contract.document()),
    validateApiSpec: false,
    validateRequests: { allowUnknownQueryParameters: ignoreUnknown, allErrors: true, removeAdditional: ignoreUnknown },
    validateResponses: options.validateResponses ? { removeAdditional: false } : false,
    // Sessions are checked by our own middleware: the validator's check would answer 401, and ZStack never does.
    validateSecurity: false,
    fileUploader: false,
    ignoreUndocumented: false,
  }) as unknown as RequestHandler[];
  const byName = new Map(chain.map((mw) => [mw.name, mw]));
  const pick = (name: string): RequestHandler => {
    const mw = byName.get(name);
    if (!mw) throw new Error(`express-openapi-validator has no ${name}: its middleware chain changed`);
    return mw;
  };
  return [
    onceInstalled(pick("pathParamsMiddleware")),
    memoizedRouteLookup(contract, pick("metadataMiddleware")),
    ...(options.validateResponses ? [pick("responseMiddleware")] : []),
    authenticate,
    pick("requestMiddleware"),
  ];
}

/**
 * The validator's pathParamsMiddleware waits for the document to load and, on its first request, installs
 * `app.param` handlers; after that it does nothing but cost a promise hop per request (express-openapi-validator
 * 5.6.2). So it runs until it has succeeded once (start-up's warm-up requests), then is skipped.
 */
function onceInstalled(pathParams: RequestHandler): RequestHandler {
  let installed = false;
  return (req, res, next) => {
    if (installed) return next();
    pathParams(req, res, (err?: unknown) => {
      if (!err) installed = true;
      next(err);
    });
  };
}
