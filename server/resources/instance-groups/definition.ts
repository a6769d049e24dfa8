// Model service instance groups (what DeployModelService makes) and their instances: where they are stored, how
// ZStack names them, and the deployment a group carries until it is Running. Instances are rows of their own,
// shown in the group's inventory as `instances`; datasets it uses are kept in the group's record.
import type { ResourceDefinition, Stored } from "../../zstack/resource.js";
import type { Schemas } from "../model-services/definition.js";

/** A group's statuses in the order a deployment walks them (reference §7.5). */
export const deploySteps = ["Deploying", "ConfigSettingUp", "ServiceBootingUp", "Running"] as const;
export const running = "Running";

/** A deployment under way: its job, when it began, and which server instance holds it until when. */
export interface Deployment {
  jobUuid: string;
  startedAt: number;
  leaseOwner: string;
  leaseUntil: number;
}

export type StoredGroup = Stored<Schemas["ModelServiceInstanceGroupInventory"]> & {
  deployment?: Deployment;
  serviceLivez?: string;
  serviceReadyz?: string;
};
export type StoredInstance = Stored<Schemas["ModelServiceInstanceInventory"]> & { uuid: string };

/** The instances' table: not a resource (no API), but checked against its inventory like one. */
export const modelServiceInstances = {
  table: "model_service_instances",
  inventory: "ModelServiceInstanceInventory",
} as const;

export const instanceGroups: ResourceDefinition = {
  table: "model_service_instance_groups",
  inventory: "ModelServiceInstanceGroupInventory",
  vo: "ModelServiceInstanceGroupVO",
  javaClasses: {
    inventory: "org.zstack.ai.entity.ModelServiceInstanceGroupInventory",
    nested: {
      instances: "org.zstack.ai.entity.ModelServiceInstanceInventory",
      datasetRefInventories: "org.zstack.ai.entity.ModelServiceGroupDatasetRefInventory",
    },
  },
  related: [{ field: "instances", table: modelServiceInstances.table, column: "model_service_group_uuid" }],
};
