// The client's table of ZStack actions: the generated operations table (generated/types/operations.ts), with each
// operation that ZStack shares between two APIs (`x-zstack-actions`: UpdateModelService and DeployModelService on
// one PUT, told apart by the body's key) split into its APIs, each with its own envelope key and job result. The
// split is the one hand-written list here; test/client/action-table.test.ts equates it with the documents.
import type { ApiTypes } from "../generated/types/index.js";
import { operations } from "../generated/types/operations.js";
import type { ApiVersion } from "./types.js";

/** Per shared operation, its APIs as the documents' `x-zstack-actions` list them. */
export const sharedActions = {
  UpdateOrDeployModelService: [
    { action: "UpdateModelService", envelopeKey: "updateModelService", jobResult: "ModelServiceResult" },
    { action: "DeployModelService", envelopeKey: "deployModelService", jobResult: "ModelServiceInstanceGroupResult" },
  ],
} as const;

type Generated = typeof operations;
type Shared = typeof sharedActions;
type SharedEntry = Shared[keyof Shared][number];
type SharedOf<A extends string> = {
  [S in keyof Shared]: A extends Shared[S][number]["action"] ? S : never;
}[keyof Shared];

/** One API of a shared operation, as a row of the table. */
type SplitRow<S extends keyof Shared, E extends SharedEntry> = Omit<
  Generated[S],
  "envelope" | "jobResult" | "bodyRequired"
> & { readonly envelope: E["envelopeKey"]; readonly jobResult: E["jobResult"]; readonly bodyRequired: true };

type EntryOf<A> = Extract<SharedEntry, { action: A }>;
type ActionName = Exclude<keyof Generated, keyof Shared> | SharedEntry["action"];

export type ActionTable = {
  [A in ActionName]: A extends keyof Generated ? Generated[A] : SplitRow<SharedOf<A & string>, EntryOf<A>>;
};

/** A shared operation's body as one of its APIs sends it: that API's key (required), none of the others'. */
type SplitBody<B, K extends string> = Omit<B, SharedEntry["envelopeKey"]> & { [P in K]-?: NonNullable<B[P & keyof B]> };

/** A shared operation's generated types, narrowed to the one API whose key its body has. */
type SplitOperation<Op, K extends string> = Omit<Op, "requestBody"> & {
  requestBody: {
    content: {
      "application/json": Op extends { requestBody?: { content: { "application/json": infer B } } }
        ? SplitBody<B, K>
        : never;
    };
  };
};

type Ops<V extends ApiVersion> = ApiTypes[V]["operations"];

/** Version `V`'s generated operation types, keyed like the table (a shared operation's APIs apart). */
export type ActionOps<V extends ApiVersion> = {
  [A in Exclude<keyof Ops<V>, keyof Shared> | SharedEntry["action"]]: A extends keyof Ops<V>
    ? Ops<V>[A]
    : SplitOperation<Ops<V>[SharedOf<A & string> & keyof Ops<V>], EntryOf<A>["envelopeKey"]>;
};

export const actionTable: ActionTable = Object.fromEntries(
  Object.entries(operations).flatMap(([name, row]): [string, unknown][] => {
    const split = (sharedActions as Record<string, readonly SharedEntry[]>)[name];
    if (!split) return [[name, row]];
    return split.map((entry) => [
      entry.action,
      { ...row, envelope: entry.envelopeKey, jobResult: entry.jobResult, bodyRequired: true },
    ]);
  }),
) as unknown as ActionTable;
