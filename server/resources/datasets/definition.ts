// Datasets: where they are stored, how ZStack names them, and their stored shape: the generated inventory type
// (dates as epoch milliseconds) plus the request fields it keeps without showing them (no inventory has them).
import type { ApiTypes, latestApiVersion } from "../../../generated/types/index.js";
import type { ResourceDefinition, Stored } from "../../zstack/resource.js";

export type Schemas = ApiTypes[typeof latestApiVersion]["components"]["schemas"];

export type StoredDataset = Stored<Schemas["DatasetInventory"]> &
  Pick<Schemas["CreateDatasetParams"], "token" | "tagUuids" | "systemTags" | "userTags"> &
  Pick<Schemas["UpdateDatasetParam"], "usageScenarios" | "dataType">;

export const datasets: ResourceDefinition = {
  table: "datasets",
  inventory: "DatasetInventory",
  vo: "DatasetVO",
  javaClasses: { inventory: "org.zstack.ai.entity.DatasetInventory" },
};
