// Validates values against schemas of a published OpenAPI 3.0 document with Ajv.
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Json } from "./documents.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function schemaValidator(doc: Json) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  return (schema: Json, value: unknown): ErrorObject[] => {
    const validate = ajv.compile({ allOf: [schema], components: doc.components });
    return validate(value) ? [] : (validate.errors ?? []);
  };
}
