// ZStack's query syntax: conditions as `<field><op><value>` strings, or typed objects turned into them.
import { serializeArrayParam, serializePrimitiveParam } from "openapi-fetch";
import type { DateField } from "./dates.js";

// Every type here takes the inventory `I` a Query API answers with (e.g. a version's ModelServiceInventory).

type ScalarOf<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : never;
/** What a condition on field `F` compares with: the field's own scalar type; dates also as `Date`. */
export type ConditionValue<I, F extends keyof I> = F extends DateField ? string | Date : ScalarOf<NonNullable<I[F]>>;

/** The inventory fields with a scalar value, which typed conditions and `sort` may name. */
export type QueryableField<I> = {
  [F in keyof I]-?: [ConditionValue<I, F>] extends [never] ? never : F;
}[keyof I] &
  string;

/** Operators that compare a field with one value. */
export type ComparisonOperator = "=" | "!=" | ">" | "<" | ">=" | "<=";

/** A typed condition; the client sends it as ZStack's `q=<field><op><value>`. */
export type QueryCondition<I> = {
  [F in QueryableField<I>]:
    | { field: F; op: ComparisonOperator; value: ConditionValue<I, F> }
    | { field: F; op: "?=" | "!?="; value: readonly ConditionValue<I, F>[] }
    | { field: F; op: "~=" | "!~="; value: string }
    | { field: F; op: "is null" | "not null"; value?: undefined };
}[QueryableField<I>];

/** A condition as ZStack writes it (`type=Endpoint`, `requestCpu>=2`) or as a typed object. */
export type QueryInput<I> = string | QueryCondition<I>;

/** A sort order: `+field` or `field` ascending, `-field` descending. */
export type SortOrder<I> = `${"+" | "-" | ""}${QueryableField<I>}`;

function formatValue(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The `q` string of one condition. */
export function formatCondition<I>(condition: QueryInput<I>): string {
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
      if (value.length > 0)
        parts.push(serializeArrayParam(name, value, { style: "form", explode: !commaSeparated.has(name) }));
    } else {
      parts.push(serializePrimitiveParam(name, String(value)));
    }
  }
  return parts.join("&");
}
