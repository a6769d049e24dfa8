// Every resource the server mounts. Adding a resource: its spec folder, its folder here (a definition and its
// handlers), a migration, tests — and one line below.
import type { Resource } from "../zstack/resource.js";
import { accessKeysResource } from "./access-keys/handlers.js";
import { datasetsResource } from "./datasets/handlers.js";
import { modelServiceInstances } from "./instance-groups/definition.js";
import { instanceGroupsResource } from "./instance-groups/handlers.js";
import { modelCentersResource } from "./model-centers/handlers.js";
import { modelServicesResource } from "./model-services/handlers.js";
import { modelServiceRefs } from "./models/definition.js";
import { modelsResource } from "./models/handlers.js";

export const resources: readonly Resource[] = [
  modelCentersResource,
  modelsResource,
  modelServicesResource,
  datasetsResource,
  accessKeysResource,
  instanceGroupsResource,
];

/** Tables that are no resource (no API of their own) but hold inventory fields of resources. */
export const internalTables: readonly { table: string; inventory: string }[] = [
  modelServiceRefs,
  modelServiceInstances,
];
