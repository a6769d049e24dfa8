// ZStack's query parameters (`q`, `limit`, `start`, `count`, `replyWithCount`, `sort`, `fields`) turned into
// the store's ResourceQuery and a projection, checked against the inventory's fields as the document has them.
// Every rejection names its parameter, so the HTTP layer can
// answer 400 with an ErrorCode that says what to fix.

import type { InventoryShape, ScalarKind } from "../../contract/index.js";
import type { QueryCondition, QueryOperator, ResourceQuery } from "../../store/types.js";
import { parseQueryDate } from "./dates.js";

export class QueryParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "QueryParameterError";
  }
}

/** As the HTTP layer has them: numbers and booleans may still be the query string's text ("50", "true"). */
export interface QueryParams {
  q?: string[] | string;
  limit?: number | string;
  start?: number | string;
  count?: boolean | string;
  replyWithCount?: boolean | string;
  sort?: string;
  fields?: string[] | string;
}

export interface ParsedQuery {
  query: ResourceQuery;
  /** The fields to return (always with `uuid`); absent when all are wanted. */
  fields?: string[];
}

export const defaultLimit = 1000;

/** ZStack's matching order: a longer operator is tried before the operator it contains. */
const binaryOperators = ["!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<"] as const;

const operatorsByType: Record<ScalarKind, ReadonlySet<QueryOperator>> = {
  string: new Set<QueryOperator>([...binaryOperators, "is null", "not null"]),
  integer: new Set<QueryOperator>(["!=", ">=", "<=", "!?=", "?=", "=", ">", "<", "is null", "not null"]),
  date: new Set<QueryOperator>(["!=", ">=", "<=", "!?=", "?=", "=", ">", "<", "is null", "not null"]),
  boolean: new Set<QueryOperator>(["!=", "!?=", "?=", "=", "is null", "not null"]),
};

const fieldName = /^[A-Za-z][A-Za-z0-9_]*$/;

interface RawCondition {
  field: string;
  op: QueryOperator;
  value?: string;
}

/**
 * Splits `<field><op><value>` at the first operator, in ZStack's order, whose left side is a field name — so
 * a value may itself contain operator characters (`description=a>=b`), which ZStack's plain split would garble.
 */
function splitCondition(text: string): RawCondition | undefined {
  for (const op of binaryOperators) {
    const at = text.indexOf(op);
    if (at > 0 && fieldName.test(text.slice(0, at).trim())) {
      return { field: text.slice(0, at).trim(), op, value: text.slice(at + op.length) };
    }
  }
  const nullCheck = /^\s*([A-Za-z][A-Za-z0-9_]*)\s+(is null|not null)\s*$/i.exec(text);
  if (nullCheck) return { field: nullCheck[1]!, op: nullCheck[2]!.toLowerCase() as QueryOperator };
  return undefined;
}

function convertValue(text: string, type: ScalarKind, timeZone: string): string | number | boolean | undefined {
  switch (type) {
    case "string":
      return text;
    case "integer": {
      const value = Number(text.trim());
      return /^\s*-?\d+\s*$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
    }
    case "boolean": {
      const lower = text.trim().toLowerCase();
      return lower === "true" ? true : lower === "false" ? false : undefined;
    }
    case "date":
      return parseQueryDate(text, timeZone);
  }
}

const expected: Record<ScalarKind, string> = {
  string: "text",
  integer: "an integer",
  boolean: "true or false",
  date: 'a date such as "Nov 24, 2026 4:20:13 PM" or ISO-8601 "2026-11-24T16:20:13Z"',
};

function parseCondition(text: string, shape: InventoryShape, timeZone: string): QueryCondition {
  const fail = (problem: string) => new QueryParameterError("q", `invalid q "${text}": ${problem}`);
  const raw = splitCondition(text);
  if (!raw) {
    throw fail(
      `no operator; expected <field><op><value> with one of ${binaryOperators.join(" ")}, ` +
        `or "<field> is null" / "<field> not null"`,
    );
  }
  const type = shape.scalars.get(raw.field);
  if (!type) {
    throw fail(`unknown field "${raw.field}"; queryable fields: ${[...shape.scalars.keys()].join(", ")}`);
  }
  if (!operatorsByType[type].has(raw.op)) {
    throw fail(
      `operator "${raw.op}" does not apply to ${raw.field} (${type}); ` +
        `use one of ${[...operatorsByType[type]].join(" ")}`,
    );
  }
  if (raw.value === undefined) return { field: raw.field, op: raw.op, values: [] };
  const texts = raw.op === "?=" || raw.op === "!?=" ? raw.value.split(",") : [raw.value];
  const values = texts.map((valueText) => {
    const value = convertValue(valueText, type, timeZone);
    if (value === undefined) throw fail(`bad value "${valueText}" for ${raw.field}: expected ${expected[type]}`);
    return value;
  });
  return { field: raw.field, op: raw.op, values };
}

function parseSort(text: string, shape: InventoryShape): ResourceQuery["sort"] {
  // A `+` that was not percent-encoded arrives as a space: `sort=+name` reads " name".
  const match = /^\s*([+-]?)\s*([A-Za-z][A-Za-z0-9_]*)\s*$/.exec(text);
  if (!match) throw new QueryParameterError("sort", `invalid sort "${text}": expected +<field> or -<field>`);
  const field = match[2]!;
  if (!shape.scalars.has(field)) {
    throw new QueryParameterError(
      "sort",
      `invalid sort "${text}": "${field}" is not a sortable field; ` +
        `sortable fields: ${[...shape.scalars.keys()].join(", ")}`,
    );
  }
  return { field, direction: match[1] === "-" ? "desc" : "asc" };
}

/** The projection, `uuid` first; undefined when no field is named (`fields=` alone asks for everything). */
function parseFields(fields: string[] | string, shape: InventoryShape): string[] | undefined {
  const names = (Array.isArray(fields) ? fields : [fields])
    .flatMap((item) => item.split(","))
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !shape.names.includes(name));
  if (unknown.length) {
    throw new QueryParameterError(
      "fields",
      `invalid fields: unknown field${unknown.length > 1 ? "s" : ""} ` +
        `${unknown.map((name) => `"${name}"`).join(", ")}; ` +
        `fields: ${shape.names.join(", ")}`,
    );
  }
  return names.length ? [...new Set(["uuid", ...names])] : undefined;
}

function nonNegativeInteger(parameter: string, value: number | string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const number = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
    throw new QueryParameterError(parameter, `invalid ${parameter} "${value}": expected a non-negative integer`);
  }
  return number;
}

function flag(parameter: string, value: boolean | string | undefined): boolean {
  if (value === undefined || value === "") return false;
  if (value === true || value === false) return value;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new QueryParameterError(parameter, `invalid ${parameter} "${value}": expected true or false`);
}

/** A parameter that must be text, or a list of texts (a repeated parameter). */
function texts(parameter: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.some((item) => typeof item !== "string")) {
    throw new QueryParameterError(parameter, `invalid ${parameter}: expected text`);
  }
  return list as string[];
}

/** Parses a Query API's parameters against the inventory `shape` of the served document. */
export function parseQuery(params: QueryParams, shape: InventoryShape, options: { timeZone: string }): ParsedQuery {
  const conditions = (params.q === undefined ? [] : texts("q", params.q)).map((text) =>
    parseCondition(text, shape, options.timeZone),
  );
  const query: ResourceQuery = {
    conditions,
    limit: nonNegativeInteger("limit", params.limit, defaultLimit),
    start: nonNegativeInteger("start", params.start, 0),
    count: flag("count", params.count),
    replyWithCount: flag("replyWithCount", params.replyWithCount),
  };
  if (params.sort !== undefined && params.sort !== "") {
    const [sort, ...more] = texts("sort", params.sort);
    if (more.length) throw new QueryParameterError("sort", "invalid sort: give it once");
    query.sort = parseSort(sort!, shape);
  }
  const fields = params.fields === undefined ? undefined : parseFields(texts("fields", params.fields), shape);
  return fields ? { query, fields } : { query };
}
