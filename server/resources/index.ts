// Every resource the server mounts. Adding a resource: its spec folder, its folder here (a definition and its
// handlers), a migration, tests — and one line below.
import type { Resource } from "../zstack/resource.js";
import { accessKeysResource } from "./access-keys/handlers.js";
import { datasetsResource } from "./datasets/handlers.js";
import { modelCentersResource } from "./model-centers/handlers.js";
import { modelServicesResource } from "./model-services/handlers.js";

export const resources: readonly Resource[] = [
  modelCentersResource,
  modelServicesResource,
  datasetsResource,
  accessKeysResource,
];
