// Inventory shapes as the server derives them from the newest published document, for tests of the parts
// that take one (query parsing, inventories).
import { latestApiVersion } from "../../generated/types/index.js";
import { loadContract } from "../../server/contract/index.js";

export const modelServiceShape = loadContract(latestApiVersion).inventory("ModelServiceInventory");
