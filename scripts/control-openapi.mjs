// The stand-in's control routes (spec/control/) are a TypeSpec program of their own, beside ZStack's API:
// compiled here into the one document generated/control-openapi.yaml (published as
// `zstack-model-services/control-openapi.yaml`), which the server validates the control routes against.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { toYaml } from "./openapi-postprocess.mjs";

/** generated/'s file name and its content, for scripts/generate.mjs. */
export function controlDocument(root) {
  const out = mkdtempSync(join(tmpdir(), "zms-tsp-control-"));
  const tsp = join(root, "node_modules/@typespec/compiler/cmd/tsp.js");
  try {
    const program = join(root, "spec/control");
    execFileSync(
      process.execPath,
      [
        tsp,
        "compile",
        join(program, "main.tsp"),
        "--config",
        join(program, "tspconfig.yaml"),
        "--output-dir",
        out,
        "--warn-as-error",
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    const doc = load(readFileSync(join(out, "@typespec/openapi3/openapi.yaml"), "utf8"));
    return ["control-openapi.yaml", toYaml(doc)];
  } catch (error) {
    process.stderr.write(String(error.stdout ?? "") + String(error.stderr ?? ""));
    throw new Error("tsp compile of spec/control failed");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
