// Models and their bindings to model services. A binding (ZStack's ModelServiceRefVO) is a row of
// `model_service_refs`, shown in both sides' inventories as `modelServiceRefs`; it has no API of its own.
import type { ResourceDefinition, Stored } from "../../zstack/resource.js";
import type { Schemas } from "../model-services/definition.js";

export type StoredModel = Stored<Schemas["ModelInventory"]> &
  Pick<Schemas["AddModelParam"], "token" | "tagUuids" | "systemTags" | "userTags" | "shareMode"> & {
    modelClassifications?: string[];
  };

export type StoredBinding = Stored<Schemas["ModelServiceRefInventory"]> & { uuid: string };

/** The bindings' table: not a resource (no API), but checked against its inventory like one. */
export const modelServiceRefs = { table: "model_service_refs", inventory: "ModelServiceRefInventory" } as const;

export const models: ResourceDefinition = {
  table: "models",
  inventory: "ModelInventory",
  vo: "ModelVO",
  javaClasses: {
    inventory: "org.zstack.ai.entity.ModelInventory",
    nested: { modelServiceRefs: "org.zstack.ai.entity.ModelServiceRefInventory" },
  },
  related: [{ field: "modelServiceRefs", table: modelServiceRefs.table, column: "model_uuid" }],
};
