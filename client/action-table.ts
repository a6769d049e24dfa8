// The client's table of ZStack actions is generated (generated/types/actions.ts): a row per action, the operation
// ZStack shares between two APIs (`x-zstack-actions`: UpdateModelService and DeployModelService on one PUT, told
// apart by the body's key) split into its APIs, each with its own envelope key and job result. What is left here
// is typing: each action's request and answer types, taken from its operation's generated types.
import { actions } from "../generated/types/actions.js";
import type { ApiTypes } from "../generated/types/index.js";
import type { ApiVersion } from "./types.js";

export type ActionTable = typeof actions;
export const actionTable: ActionTable = actions;

type OperationOf<A extends keyof ActionTable> = ActionTable[A]["operationId"];
/** The envelope keys of the actions that operation `O` serves. */
type EnvelopesOf<O> = {
  [A in keyof ActionTable]: OperationOf<A> extends O ? ActionTable[A]["envelope"] : never;
}[keyof ActionTable];

/** A shared operation's body as one of its APIs sends it: that API's key (required), none of the others'. */
type SplitBody<B, O, K extends string> = Omit<B, EnvelopesOf<O> & string> & {
  [P in K]-?: NonNullable<B[P & keyof B]>;
};

/** A shared operation's generated types, narrowed to the one API whose key its body has. */
type SplitOperation<Op, O, K extends string> = Omit<Op, "requestBody"> & {
  requestBody: {
    content: {
      "application/json": Op extends { requestBody?: { content: { "application/json": infer B } } }
        ? SplitBody<B, O, K>
        : never;
    };
  };
};

type Ops<V extends ApiVersion> = ApiTypes[V]["operations"];

/** Version `V`'s generated operation types, keyed like the table (a shared operation's APIs apart). */
export type ActionOps<V extends ApiVersion> = {
  [A in keyof ActionTable as OperationOf<A> extends keyof Ops<V> ? A : never]: A extends OperationOf<A>
    ? Ops<V>[A & keyof Ops<V>]
    : SplitOperation<Ops<V>[OperationOf<A> & keyof Ops<V>], OperationOf<A>, ActionTable[A]["envelope"] & string>;
};
