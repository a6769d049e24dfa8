// Success and failure cases of each resource's operations, one module per resource, gathered for
// operations.test.ts (which fails while any operation of the document has none).
import type { ApiVersion } from "../../../generated/types/index.js";
import { expect } from "vitest";
import { type Contract, send } from "../harness.js";
import { modelCenterCases } from "./model-centers.js";
import { datasetCases } from "./datasets.js";
import { instanceGroupCases } from "./instance-groups.js";
import { modelCases } from "./models.js";

export type Case = () => Promise<void>;
export type Cases = Record<string, { success: Case; failure: Case }>;

/** Each resource module's cases, given the file's contract (server and logged-in client). */

const modules: ((contract: Contract<ApiVersion>) => Cases)[] = [
  modelCenterCases,
  modelCases,
  datasetCases,
  instanceGroupCases,
];

/**
 * The failure every asynchronous API shares: an unknown session is accepted (202) and its job answers 503 ID.1001
 * to a poll with that session, as ZStack does (DESIGN.md's status table).
 */
export async function failsWithUnknownSession(
  contract: Contract<ApiVersion>,
  method: string,
  path: string,
  body?: object,
): Promise<void> {
  const unknown = { Authorization: "OAuth 0123456789abcdef0123456789abcdef", "Content-Type": "application/json" };
  const accepted = await send(contract, path, {
    method,
    headers: unknown,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(accepted.status).toBe(202);
  const polled = await send(contract, new URL(accepted.body.location).pathname, { headers: unknown });
  expect([polled.status, polled.body.error.code]).toEqual([503, "ID.1001"]);
}

export function resourceCases(contract: Contract<ApiVersion>): Cases {
  return Object.assign({}, ...modules.map((cases) => cases(contract)));
}
