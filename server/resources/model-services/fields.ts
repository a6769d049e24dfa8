// The model-service inventory's fields as persistence and the query language see them: one list that the
// stores (columns), the SQL builder (conditions, sort) and the query parser (names, value types) share.

/** How a scalar field's values are typed: dates are epoch milliseconds. */
export type ScalarFieldType = "string" | "integer" | "boolean" | "date";

export interface ScalarField {
  column: string;
  type: ScalarFieldType;
}

/** The inventory's scalar fields: each has its own column and can be filtered and sorted on. */
export const scalarFields = {
  uuid: { column: "uuid", type: "string" },
  name: { column: "name", type: "string" },
  description: { column: "description", type: "string" },
  readme: { column: "readme", type: "string" },
  yaml: { column: "yaml", type: "string" },
  requestCpu: { column: "request_cpu", type: "integer" },
  requestMemory: { column: "request_memory", type: "integer" },
  modelCenterUuid: { column: "model_center_uuid", type: "string" },
  type: { column: "type", type: "string" },
  framework: { column: "framework", type: "string" },
  source: { column: "source", type: "string" },
  size: { column: "size", type: "integer" },
  system: { column: "system", type: "boolean" },
  hasNewVersion: { column: "has_new_version", type: "boolean" },
  gpuComputeCapability: { column: "gpu_compute_capability", type: "string" },
  installPath: { column: "install_path", type: "string" },
  pythonVersion: { column: "python_version", type: "string" },
  condaVersion: { column: "conda_version", type: "string" },
  version: { column: "version", type: "string" },
  startCommand: { column: "start_command", type: "string" },
  containerCommand: { column: "container_command", type: "string" },
  containerArgs: { column: "container_args", type: "string" },
  supportDistributed: { column: "support_distributed", type: "boolean" },
  createDate: { column: "create_date", type: "date" },
  lastOpDate: { column: "last_op_date", type: "date" },
} as const satisfies Record<string, ScalarField>;

export type ScalarFieldName = keyof typeof scalarFields;

export const scalarFieldNames = Object.keys(scalarFields) as ScalarFieldName[];

/** Fields kept together as one JSON document: nested values, never filtered on. */
export const nestedFieldNames = [
  "cpuArchitectures",
  "vendorToSpecUuidsMap",
  "modelServiceRefs",
  "modelServiceImages",
  "zoneUuid",
  "tagUuids",
  "systemTags",
  "userTags",
] as const;

/** The 29 fields of ModelServiceInventory, in the spec's order: what `fields=` may name. */
export const inventoryFieldNames: readonly string[] = [
  ...scalarFieldNames.filter((name) => name !== "createDate" && name !== "lastOpDate"),
  "cpuArchitectures",
  "vendorToSpecUuidsMap",
  "modelServiceRefs",
  "modelServiceImages",
  "createDate",
  "lastOpDate",
];

/** Scalar fields every stored service has (NOT NULL columns): sorting them needs no NULLS clause. */
export const requiredScalarFields: ReadonlySet<ScalarFieldName> = new Set<ScalarFieldName>([
  "uuid", "name", "yaml", "requestCpu", "requestMemory", "modelCenterUuid", "type", "source", "system",
  "installPath", "startCommand", "supportDistributed", "createDate", "lastOpDate",
]);

export function isScalarField(name: string): name is ScalarFieldName {
  return Object.hasOwn(scalarFields, name);
}
