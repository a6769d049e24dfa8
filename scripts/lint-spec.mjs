#!/usr/bin/env node
// Lints every published document (the stand-in's control document too) with Redocly and Spectral (spectral:oas);
// any error or warning fails. The TypeSpec sources must be as `tsp format` writes them.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const documents = [
  ...["generated/openapi", "generated/openapi-3.1"].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".yaml"))
      .sort()
      .map((name) => join(dir, name)),
  ),
  "generated/control-openapi.yaml",
];
const env = {
  ...process.env,
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  REDOCLY_TELEMETRY: "off",
  SCARF_ANALYTICS: "false",
};
const bin = (name) => join("node_modules", ".bin", name);

function run(command, args) {
  try {
    return {
      ok: true,
      output: execFileSync(command, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ""}${error.stderr ?? ""}` };
  }
}

let failed = false;
// The summary format prints one "error <rule>: n" or "warning <rule>: n" line per rule that fired.
const redocly = run(bin("redocly"), ["lint", ...documents, "--format=summary"]);
const problems = redocly.output.split("\n").filter((line) => /^(error|warning) /.test(line));
if (!redocly.ok || problems.length > 0) {
  failed = true;
  console.error(run(bin("redocly"), ["lint", ...documents, "--format=stylish"]).output);
}
console.log(
  `redocly: ${problems.length === 0 && redocly.ok ? "no problems" : "problems found"} in ${documents.length} documents`,
);

const spectral = run(bin("spectral"), ["lint", "-r", ".spectral.yaml", "--fail-severity=hint", ...documents]);
if (!spectral.ok) {
  failed = true;
  console.error(spectral.output);
}
console.log(`spectral: ${spectral.ok ? "no problems" : "problems found"} in ${documents.length} documents`);

const format = run(bin("tsp"), ["format", "--check", "spec/**/*.tsp"]);
if (!format.ok) {
  failed = true;
  console.error(`${format.output}\nrun: npx tsp format "spec/**/*.tsp"`);
}
console.log(`tsp format: ${format.ok ? "every spec file formatted" : "files need formatting"}`);
process.exit(failed ? 1 : 0);
