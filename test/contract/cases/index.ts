// Success and failure cases of each resource's operations, one module per resource, gathered for
// operations.test.ts (which fails while any operation of the document has none).
import type { ApiVersion } from "../../../generated/types/index.js";
import type { Contract } from "../harness.js";
import { modelCenterCases } from "./model-centers.js";
import { datasetCases } from "./datasets.js";
import { modelCases } from "./models.js";

export type Case = () => Promise<void>;
export type Cases = Record<string, { success: Case; failure: Case }>;

/** Each resource module's cases, given the file's contract (server and logged-in client). */

const modules: ((contract: Contract<ApiVersion>) => Cases)[] = [modelCenterCases, modelCases, datasetCases];

export function resourceCases(contract: Contract<ApiVersion>): Cases {
  return Object.assign({}, ...modules.map((cases) => cases(contract)));
}
