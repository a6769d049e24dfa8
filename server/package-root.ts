// Where the package's own files (generated/, package.json) are, whether this runs from server/*.ts
// (tests, tsx) or from dist/server/*.js (the built package): the nearest folder up with our package.json.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "zstack-model-services") return dir;
    if (dirname(dir) === dir) throw new Error("zstack-model-services: cannot find the package's own folder");
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const generatedDir = join(packageRoot, "generated");
