// The client's methods for every ZStack action, built from the generated action table
// (generated/types/actions.ts) rather than written one by one: an asynchronous action `AddModelCenter` becomes
// `addModelCenter(...pathParams, fields, options)` and follows its job; a Query API `QueryModelCenter` becomes
// `queryModelCenters(options)` and `iterateModelCenters(options)`; a get by uuid `GetModelCenter` becomes
// `getModelCenter(uuid)`. Their types come from the same version's generated types, so a field the version lacks
// does not compile.
import type { ApiTypes } from "../generated/types/index.js";
import { type ActionOps, type ActionTable, actionTable } from "./action-table.js";
import { sdkError, SdkErrorCodes } from "./errors.js";
import { followJob, type PollOptions } from "./jobs.js";
import { formatCondition, type QueryInput, type SortOrder } from "./query.js";
import { expectStatus, type Wire } from "./transport.js";
import type { ApiVersion, DateMode, Dated } from "./types.js";

type Table = ActionTable;
type Ops<V extends ApiVersion> = ActionOps<V>;
type Schemas<V extends ApiVersion> = ApiTypes[V]["components"]["schemas"];
/** The operations of the table that version `V` has. */
type In<V extends ApiVersion> = keyof Table & keyof Ops<V>;

/** Options of every asynchronous call. */
export interface JobOptions {
  /** A client-chosen job uuid (32 hex characters), sent as `X-Job-UUID`. */
  jobUuid?: string;
}

type Tags = { systemTags?: string[]; userTags?: string[] };
export type QueryParams<V extends ApiVersion, A extends In<V>> = Ops<V>[A] extends { parameters: { query?: infer Q } }
  ? [Q] extends [undefined | never]
    ? unknown
    : NonNullable<Q>
  : unknown;
type Body<V extends ApiVersion, A extends In<V>> = Ops<V>[A] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;
export type Fields<V extends ApiVersion, A extends In<V>> = Table[A]["envelope"] extends infer E extends string
  ? E extends keyof Body<V, A>
    ? Body<V, A>[E]
    : never
  : Record<never, never>;
type Strings<T extends readonly unknown[]> = { -readonly [K in keyof T]: string };
type PathArgs<A extends keyof Table> = Table[A]["pathParams"] extends infer P extends readonly unknown[]
  ? Strings<P>
  : [];
type Options<V extends ApiVersion, A extends In<V>> = JobOptions &
  QueryParams<V, A> &
  (Table[A]["envelope"] extends string ? Tags : unknown);
// Options are optional unless the query has a required parameter (`Record<never, never>`: nothing required).
type OptionsArg<V extends ApiVersion, A extends In<V>> =
  Record<never, never> extends QueryParams<V, A> ? [options?: Options<V, A>] : [options: Options<V, A>];

/** An action's arguments: its path parameters in the path's order, then its fields (if it has a body), then options. */
export type ActionArgs<V extends ApiVersion, A extends In<V>> = Table[A]["envelope"] extends string
  ? Table[A]["bodyRequired"] extends true
    ? [...PathArgs<A>, fields: Fields<V, A>, ...OptionsArg<V, A>]
    : [...PathArgs<A>, fields?: Fields<V, A>, ...OptionsArg<V, A>]
  : [...PathArgs<A>, ...OptionsArg<V, A>];

type JobResultOf<V extends ApiVersion, A extends keyof Table> = Table[A]["jobResult"] extends infer R extends
  keyof Schemas<V>
  ? Schemas<V>[R]
  : unknown;
/** What an action resolves to: its job's inventory, or its batch results, or nothing. */
export type ActionOutcome<V extends ApiVersion, A extends keyof Table, D extends DateMode> =
  JobResultOf<V, A> extends { inventory: infer I }
    ? Dated<I, D>
    : JobResultOf<V, A> extends { results: infer R }
      ? Dated<R, D>
      : // biome-ignore lint/suspicious/noConfusingVoidType: an action that answers `{}` resolves to nothing.
        void;

type AsyncActions<V extends ApiVersion> = { [A in In<V>]: Table[A]["async"] extends true ? A : never }[In<V>];
type Kind<V extends ApiVersion, K extends string> = { [A in In<V>]: Table[A]["kind"] extends K ? A : never }[In<V>];

/** The inventory a Query API answers with, in version `V`. */
export type InventoryOf<V extends ApiVersion, A extends In<V>> = Ops<V>[A] extends {
  responses: { 200: { content: { "application/json": { inventories?: (infer I)[] } } } };
}
  ? I
  : never;

export interface QueryOptions<I> {
  /** Conditions, all of which must hold. */
  q?: readonly QueryInput<I>[];
  limit?: number;
  start?: number;
  sort?: SortOrder<I>;
  /** Only these fields (and `uuid`) are returned. */
  fields?: readonly (keyof I & string)[];
  /** Return only `total`. */
  count?: boolean;
  /** Return `total` beside `inventories`. */
  replyWithCount?: boolean;
}

export interface QueryResult<I> {
  /** The matching inventories (empty with `count: true`). */
  inventories: I[];
  /** How many match, ignoring `limit` and `start`: present with `count` or `replyWithCount`. */
  total?: number;
}

export interface IterateOptions<I> {
  q?: readonly QueryInput<I>[];
  sort?: SortOrder<I>;
  /** How many to fetch per page (default 100). */
  pageSize?: number;
}

/** Every generated method of a client of version `V`. */
export type OperationMethods<V extends ApiVersion, D extends DateMode> = {
  [A in AsyncActions<V> as Uncapitalize<A & string>]: (...args: ActionArgs<V, A>) => Promise<ActionOutcome<V, A, D>>;
} & {
  [A in Kind<V, "query"> as A extends `Query${infer R}` ? `query${R}s` : never]: (
    options?: QueryOptions<InventoryOf<V, A>>,
  ) => Promise<QueryResult<Dated<InventoryOf<V, A>, D>>>;
} & {
  /**
   * Every match, a page at a time. Give a `sort` for a stable order against real ZStack (this package's server
   * breaks ties by uuid).
   */
  [A in Kind<V, "query"> as A extends `Query${infer R}` ? `iterate${R}s` : never]: (
    options?: IterateOptions<InventoryOf<V, A>>,
  ) => AsyncGenerator<Dated<InventoryOf<V, A>, D>, void, undefined>;
} & {
  /** The record with this uuid, or undefined when there is none. */
  [A in Kind<V, "get"> as A extends `Get${infer R}` ? `get${R}` : never]: (
    uuid: string,
  ) => Promise<Dated<InventoryOf<V, A>, D> | undefined>;
};

type Call = (
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
type Row = Table[keyof Table];

/** The methods of every operation in the table, calling through `wire` and following jobs with `poll`. */
export function operationMethods(
  wire: Wire,
  poll: PollOptions,
  out: <T>(value: T) => unknown,
): Record<string, unknown> {
  const send = (row: Row, init: Record<string, unknown>) =>
    (wire.client as unknown as Record<string, Call>)[row.method.toUpperCase()]!(row.path, {
      ...init,
      headers: wire.auth(),
    });
  const methods: Record<string, unknown> = {};

  for (const [action, row] of Object.entries(actionTable) as [string, Row][]) {
    if (row.kind === "query") {
      const resource = action.slice("Query".length);
      const query = async ({ q, ...rest }: QueryOptions<Record<string, unknown>> = {}) => {
        // `fields` keeps its place among the parameters (a copy, since openapi-fetch may be handed a frozen list).
        const fields = rest.fields ? { fields: [...rest.fields] } : {};
        const params = { query: { ...rest, ...(q ? { q: q.map(formatCondition) } : {}), ...fields } };
        const { body } = await expectStatus(send(row, { params }), [200]);
        const answer = body as { inventories?: unknown[]; total?: number } | undefined;
        const result: QueryResult<unknown> = { inventories: out(answer?.inventories ?? []) as unknown[] };
        if (answer?.total !== undefined) result.total = answer.total;
        return result;
      };
      methods[`query${resource}s`] = query;
      methods[`iterate${resource}s`] = async function* ({
        q,
        sort,
        pageSize = 100,
      }: IterateOptions<Record<string, unknown>> = {}) {
        if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
        for (let start = 0; ; start += pageSize) {
          const { inventories } = await query({ q, sort, limit: pageSize, start });
          yield* inventories;
          if (inventories.length < pageSize) return;
        }
      };
    } else if (row.kind === "get") {
      methods[`get${action.slice("Get".length)}`] = async (uuid: string) => {
        const { body } = await expectStatus(send(row, { params: { path: { [row.pathParams[0]!]: uuid } } }), [200]);
        const inventory = (body as { inventories?: unknown[] } | undefined)?.inventories?.[0];
        return inventory === undefined ? undefined : out(inventory);
      };
    } else if (row.async) {
      methods[action[0]!.toLowerCase() + action.slice(1)] = (...args: unknown[]) => runAction(row, args);
    }
  }

  async function runAction(row: Row, args: unknown[]): Promise<unknown> {
    const path = Object.fromEntries(row.pathParams.map((name, i) => [name, args[i]]));
    const rest = args.slice(row.pathParams.length);
    const fields = row.envelope ? rest.shift() : undefined;
    const { jobUuid, systemTags, userTags, ...query } = (rest[0] ?? {}) as JobOptions & Tags & Record<string, unknown>;
    const tags = { ...(systemTags ? { systemTags } : {}), ...(userTags ? { userTags } : {}) };
    const body = row.envelope ? { [row.envelope]: fields ?? {}, ...tags } : undefined;
    const header = jobUuid ? { "X-Job-UUID": jobUuid } : {};
    const { body: accepted } = await expectStatus(
      send(row, { params: { path, query, header }, ...(body ? { body } : {}) }),
      [202],
    );
    const location = (accepted as { location?: string } | undefined)?.location;
    if (!location)
      throw sdkError(
        SdkErrorCodes.internalError,
        "the server accepted the job but sent no location",
        JSON.stringify(accepted),
      );
    const result = (await followJob(wire, location, poll)) as { inventory?: unknown; results?: unknown };
    if (row.jobResult === "EmptyResult") return undefined;
    if ("inventory" in result) return out(result.inventory);
    if ("results" in result) return out(result.results);
    throw sdkError(SdkErrorCodes.internalError, "the job's result has no inventory", JSON.stringify(result));
  }

  return methods;
}
