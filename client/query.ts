// ZStack's query syntax: conditions as `<field><op><value>` strings, or typed objects turned into them.
import { serializeArrayParam, serializePrimitiveParam } from "openapi-fetch";
import type { ApiTypes } from "../generated/types/index.js";
import type { DateField } from "./dates.js";
import type { ApiVersion } from "./types.js";

type Inventory<V extends ApiVersion> = ApiTypes[V]["components"]["schemas"]["ModelServiceInventory"];

type ScalarOf<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : never;
/** What a condition on field `F` compares with: the field's own scalar type; dates also as `Date`. */
export type ConditionValue<V extends ApiVersion, F extends keyof Inventory<V>> = F extends DateField
  ? string | Date
  : ScalarOf<NonNullable<Inventory<V>[F]>>;

/** The inventory fields with a scalar value, which typed conditions and `sort` may name. */
export type QueryableField<V extends ApiVersion> = {
  [F in keyof Inventory<V>]-?: [ConditionValue<V, F>] extends [never] ? never : F;
}[keyof Inventory<V>] &
  string;

/** Operators that compare a field with one value. */
export type ComparisonOperator = "=" | "!=" | ">" | "<" | ">=" | "<=";

/** A typed condition; the client sends it as ZStack's `q=<field><op><value>`. */
export type QueryCondition<V extends ApiVersion> = {
  [F in QueryableField<V>]:
    | { field: F; op: ComparisonOperator; value: ConditionValue<V, F> }
    | { field: F; op: "?=" | "!?="; value: readonly ConditionValue<V, F>[] }
    | { field: F; op: "~=" | "!~="; value: string }
    | { field: F; op: "is null" | "not null"; value?: undefined };
}[QueryableField<V>];

/** A condition as ZStack writes it (`type=Endpoint`, `requestCpu>=2`) or as a typed object. */
export type QueryInput<V extends ApiVersion> = string | QueryCondition<V>;

/** A sort order: `+field` or `field` ascending, `-field` descending. */
export type SortOrder<V extends ApiVersion> = `${"+" | "-" | ""}${QueryableField<V>}`;

function formatValue(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The `q` string of one condition. */
export function formatCondition<V extends ApiVersion>(condition: QueryInput<V>): string {
  if (typeof condition === "string") return condition;
  const { field, op, value } = condition as { field: string; op: string; value?: unknown };
  if (op === "is null" || op === "not null") return `${field} ${op}`;
  const text = Array.isArray(value) ? value.map(formatValue).join(",") : formatValue(value);
  return `${field}${op}${text}`;
}

// The published documents declare `q` exploded (`q=a&q=b`, how ZStack's SDKs repeat it) and `fields` not
// exploded (`fields=a,b`). openapi-fetch's serializer options are global, so the one array parameter that
// differs is named here.
const commaSeparated = new Set(["fields"]);

/** openapi-fetch's query serializer with the form each ZStack query parameter is declared with. */
export function serializeZStackQuery(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) parts.push(serializeArrayParam(name, value, { style: "form", explode: !commaSeparated.has(name) }));
    } else {
      parts.push(serializePrimitiveParam(name, String(value)));
    }
  }
  return parts.join("&");
}
