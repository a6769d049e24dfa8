// Access keys: where they are stored, how ZStack names them, and their stored shape. The secret column holds
// the secret sealed with --secret-key (accounts/secret-box.ts), or in clear without one, as ZStack stores it.
import type { ApiTypes, latestApiVersion } from "../../../generated/types/index.js";
import type { ResourceDefinition, Stored } from "../../zstack/resource.js";

type Schemas = ApiTypes[typeof latestApiVersion]["components"]["schemas"];

export type StoredAccessKey = Stored<Schemas["AccessKeyInventory"]> &
  Pick<Schemas["CreateAccessKeyParam"], "tagUuids" | "systemTags" | "userTags">;

export const accessKeys: ResourceDefinition = {
  table: "access_keys",
  inventory: "AccessKeyInventory",
  vo: "AccessKeyVO",
  // SourceClassMap.java (zstackio/zstack) maps org.zstack.accessKey.AccessKeyInventory to the SDK's class.
  javaClasses: { inventory: "org.zstack.accessKey.AccessKeyInventory" },
  // Shown once, in CreateAccessKey's result.
  concealed: ["AccessKeySecret"],
};
