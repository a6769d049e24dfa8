// Model centers: where they are stored, how ZStack names them, their stored shape (the generated inventory
// type without `capacity`, plus the request fields kept without showing them), and their computed capacity.
import type { ApiTypes, latestApiVersion } from "../../../generated/types/index.js";
import type { Store, StoredRecord } from "../../store/types.js";
import type { ResourceDefinition, Stored } from "../../zstack/resource.js";

type Schemas = ApiTypes[typeof latestApiVersion]["components"]["schemas"];
type Capacity = Schemas["ModelCenterCapacityInventory"];

export type StoredModelCenter = Stored<Omit<Schemas["ModelCenterInventory"], "capacity">> &
  Pick<Schemas["AddModelCenterParam"], "zoneUuid" | "tagUuids" | "systemTags" | "userTags">;

/**
 * The capacity figures that sum the `size` of what a center holds, and the table each sums. A table is used
 * only once a migration has made it (models and datasets arrive with their own resources).
 */
const heldIn = {
  modelUsedCapacity: "models",
  modelServiceUsedCapacity: "model_services",
  datasetUsedCapacity: "datasets",
} as const satisfies Partial<Record<keyof Capacity, string>>;

/** Sets `capacity` on a page of centers: one sum per held table for the whole page. */
async function capacities(store: Store, records: StoredRecord[]): Promise<void> {
  const uuids = records.map((record) => record.uuid);
  const sums = await Promise.all(
    (Object.entries(heldIn) as [keyof typeof heldIn, string][]).map(async ([figure, table]) => {
      const byCenter = await store.sums(table, "size", "model_center_uuid", uuids);
      return [figure, byCenter] as const;
    }),
  );
  for (const record of records) {
    // ZStack's figures are Java longs, always present: what nothing here uses stays 0.
    const capacity: Capacity = {
      uuid: record.uuid,
      modelUsedCapacity: 0,
      modelServiceUsedCapacity: 0,
      datasetUsedCapacity: 0,
      fineTuneUsedCapacity: 0,
      modelEvaluationUsedCapacity: 0,
      installationUsedCapacity: 0,
      temporaryUsedCapacity: 0,
      cacheUsedCapacity: 0,
    };
    for (const [figure, byCenter] of sums) capacity[figure] = byCenter.get(record.uuid) ?? 0;
    record.capacity = capacity;
  }
}

export const modelCenters: ResourceDefinition = {
  table: "model_centers",
  inventory: "ModelCenterInventory",
  vo: "ModelCenterVO",
  javaClasses: {
    inventory: "org.zstack.ai.entity.ModelCenterInventory",
    nested: { capacity: "org.zstack.ai.entity.ModelCenterCapacityInventory" },
  },
  computed: capacities,
};
