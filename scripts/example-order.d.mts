// Types of example-order.mjs, for the tests that call it.
export interface OrderedExample {
  operationId: string;
  /** The operation's `x-zstack-actions`, where it serves several ZStack actions told apart by the body's key. */
  actions?: readonly { action: string; envelopeKey: string }[];
  parameters: { name: string; in: string; value: unknown }[];
  // biome-ignore lint/suspicious/noExplicitAny: request bodies and answers, walked by key.
  body?: any;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies and answers, walked by key.
  response?: any;
}
export function actionOf(example: OrderedExample): string;
export function jobOf(example: OrderedExample): string | undefined;
export function createdUuids(example: OrderedExample): string[];
export function namedUuids(example: OrderedExample): string[];
export function inSendingOrder<E extends OrderedExample>(examples: E[]): E[];
