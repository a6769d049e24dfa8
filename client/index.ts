// zstack-model-services/client: a typed ZStack client for the AI model-service API, and SDK-style actions.
export { createZStackClient, type ZStackClient, type ZStackClientOptions } from "./client.js";
export type {
  ActionArgs,
  ActionOutcome,
  InventoryOf,
  IterateOptions,
  JobOptions,
  OperationMethods,
  QueryOptions,
  QueryResult,
} from "./operations.js";
export {
  actions,
  type ActionFields,
  type ActionValue,
  type SdkAction,
  type SdkActionClass,
  ActionResult,
  AddModelServiceAction,
  DeleteModelServiceAction,
  GetModelServiceAction,
  LogInByAccountAction,
  LogOutAction,
  QueryModelServiceAction,
  RenewSessionAction,
  UpdateModelServiceAction,
  ZSClient,
  type ZSClientConfig,
} from "./actions.js";
export { sha512Hex } from "./crypto.js";
export { accessKeySignature, signedPath, type AccessKey } from "./signing.js";
export { SdkErrorCodes, ZStackApiError, type ErrorCode } from "./errors.js";
export { formatGsonDate, parseGsonDate, reviveDates, dateFields, type DateField, type WithDates } from "./dates.js";
export type * from "./types.js";
export type {
  ComparisonOperator,
  ConditionValue,
  QueryCondition,
  QueryInput,
  QueryableField,
  SortOrder,
} from "./query.js";
export { serializeZStackQuery } from "./query.js";
export { apiVersions, latestApiVersion } from "../generated/types/index.js";
