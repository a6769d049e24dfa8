// Fails (exit 1) when a line of server/, client/, test/, bench/ or scripts/ (*.ts, *.mjs) is over 120 characters,
// printing each as file:line (length). Run from the repository's root; `npm run lint` runs it after Biome.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const folders = ["server", "client", "test", "bench", "scripts"];
const limit = 120;

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.isFile() && (entry.name.endsWith(".ts") || entry.name.endsWith(".mjs"))) yield path;
  }
}

let found = 0;
for (const folder of folders) {
  for (const file of sources(folder)) {
    const lines = readFileSync(file, "utf8").split("\n");
    for (const [index, line] of lines.entries()) {
      if (line.length <= limit) continue;
      found++;
      console.log(`${file}:${index + 1}: ${line.length} characters`);
    }
  }
}
if (found) {
  console.error(`${found} line${found > 1 ? "s" : ""} over ${limit} characters`);
  process.exit(1);
}
