// Per-version types, all read from generated/types: nothing here restates a field of the API.
import type { ApiTypes, ApiVersion, latestApiVersion } from "../generated/types/index.js";
import type { WithDates } from "./dates.js";

export type { ApiVersion };
export type LatestApiVersion = typeof latestApiVersion;

/** The generated `paths` of version `V`, as openapi-fetch takes them. */
export type Paths<V extends ApiVersion> = ApiTypes[V]["paths"];
type Schemas<V extends ApiVersion> = ApiTypes[V]["components"]["schemas"];

/** How inventories' dates come back: as the wire's Gson strings, or parsed into `Date`s. */
export type DateMode = "string" | "date";
export type Dated<T, D extends DateMode> = D extends "date" ? WithDates<T> : T;

/** AddModelService's `param` in version `V`. */
export type AddModelServiceParam<V extends ApiVersion> = Schemas<V>["AddModelServiceParam"];
/** UpdateModelService's changes in version `V`. */
export type UpdateModelServiceParam<V extends ApiVersion> = Schemas<V>["UpdateModelServiceParam"];
/** A model service as version `V` returns it; with `D = "date"` its dates are `Date`s. */
export type ModelServiceInventory<V extends ApiVersion, D extends DateMode = "string"> = Dated<
  Schemas<V>["ModelServiceInventory"],
  D
>;
export type SessionInventory<D extends DateMode = "string"> = Dated<Schemas<LatestApiVersion>["SessionInventory"], D>;
export type DeleteMode = Schemas<LatestApiVersion>["DeleteMode"];
/** A finished job's result: `{ inventory }` for add and update, `{}` for delete. */
export type JobResult<V extends ApiVersion, D extends DateMode = "string"> = Dated<AnyOf<Schemas<V>["JobResult"]>, D>;

/** One object type with every key of the union's members, each optional (a job's result is one of them). */
type AnyOf<U> = {
  [K in U extends unknown ? keyof U : never]?: U extends { [P in K]?: infer T } ? T : never;
};
/** The query parameters of QueryModelService as the wire has them. */
export type WireQuery = NonNullable<
  ApiTypes[LatestApiVersion]["operations"]["QueryModelService"]["parameters"]["query"]
>;
