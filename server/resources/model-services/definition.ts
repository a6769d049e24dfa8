// Model services: where they are stored, how ZStack names them, and their stored shape, which is the generated
// inventory type (dates as epoch milliseconds) plus the request fields it keeps without showing them.
import type { ApiTypes, latestApiVersion } from "../../../generated/types/index.js";
import type { ResourceDefinition, Stored } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";

export type Schemas = ApiTypes[typeof latestApiVersion]["components"]["schemas"];
/** 5.1.8's shapes: the single-image fields `dockerImage` and `vmImageUuid` that 5.3.28 removed live only there. */
export type Schemas518 = ApiTypes["5.1.8"]["components"]["schemas"];
export type SingleImage = Pick<Schemas518["ModelServiceInventory"], "dockerImage" | "vmImageUuid">;

/** The shared PUT's body (UpdateOrDeployModelService) as one of its APIs sends it: with that API's key. */
export type SharedPutBody<K extends "updateModelService" | "deployModelService"> = Omit<
  Schemas["UpdateOrDeployModelServiceRequest"],
  "updateModelService" | "deployModelService"
> & { [P in K]-?: NonNullable<Schemas["UpdateOrDeployModelServiceRequest"][P]> };

export type StoredModelService = Stored<Schemas["ModelServiceInventory"]> &
  SingleImage &
  Pick<Schemas["AddModelServiceParam"], "zoneUuid" | "tagUuids" | "systemTags" | "userTags">;

export const modelServices: ResourceDefinition = {
  table: "model_services",
  inventory: "ModelServiceInventory",
  vo: "ModelServiceVO",
  javaClasses: {
    inventory: "org.zstack.ai.entity.ModelServiceInventory",
    nested: {
      modelServiceRefs: "org.zstack.ai.entity.ModelServiceRefInventory",
      modelServiceImages: "org.zstack.ai.entity.ModelServiceImageInventory",
    },
  },
  // Bindings are rows of their own (server/resources/models), shared with the models' inventories.
  related: [{ field: "modelServiceRefs", table: "model_service_refs", column: "model_service_uuid" }],
};

/** An image as requests name it (`architectureImages`) and inventories list it. */
export type ImageFields = { cpuArchitecture: string; vmImageUuid?: string; dockerImage?: string };

/** New image records of service `modelServiceUuid` (AddModelService, UpdateModelService, CloneModelService). */
export function newImages(modelServiceUuid: string, images: readonly ImageFields[], now: number) {
  return images.map((image) => ({
    uuid: newUuid(),
    modelServiceUuid,
    cpuArchitecture: image.cpuArchitecture,
    vmImageUuid: image.vmImageUuid,
    dockerImage: image.dockerImage,
    createDate: now,
    lastOpDate: now,
  }));
}
