// No version breaks a client of the version before it, and regenerating does not break a document already
// published (as committed before the change: see compatibilityBase; ZMS_COMPAT_BASE names another revision).
// What counts as breaking: api-compatibility.ts. The 3.0 documents are compared; the 3.1 ones come from the same
// spec in the same compile.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { load } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { apiVersions } from "../../generated/types/index.js";
import { loadDocument, repoRoot, type Json } from "../helpers/documents.js";
import { breakingChanges, compatibilityBase, publishedAt } from "./api-compatibility.js";

const versions = [...apiVersions];
const base = compatibilityBase();
// api-smart-diff walks the whole document: about a second a comparison on a shared machine.
const diffTimeout = 60_000;

describe("each version against the one before it", () => {
  it.each(versions.slice(1).map((v, i) => [versions[i]!, v] as const))(
    "%s → %s breaks no client",
    (older, newer) => {
      const before = loadDocument(older);
      expect(breakingChanges(before, loadDocument(newer), before)).toEqual([]);
    },
    diffTimeout,
  );
});

// The versions published at `base`; undefined when git cannot read it (a shallow clone without the commit before
// the change): then the comparison is skipped, visibly, rather than passing without comparing anything.
const publishedVersions: string[] | undefined = publishedAt(base, "generated/versions.json");

describe.skipIf(publishedVersions === undefined)(`each published document against the one committed at ${base}`, () => {
  it.each(versions.map((v, i) => [v, versions[i - 1]] as const))(
    "%s breaks no client of the published one",
    (version, previous) => {
      const file = `generated/openapi/${version}.yaml`;
      const published = publishedAt(base, file);
      // A version that revision did not have yet is new: nothing published to break.
      if (published === undefined) {
        expect(publishedVersions).not.toContain(version);
        return;
      }
      const current = loadDocument(version);
      if (JSON.stringify(current) === JSON.stringify(published)) return;
      const older = previous === undefined ? undefined : loadDocument(previous);
      expect(breakingChanges(published, current, older)).toEqual([]);
    },
    diffTimeout,
  );
});

describe("a deliberately breaking change", () => {
  const before = loadDocument("5.5.22");
  const previous = loadDocument("5.5.6");
  const broken = (change: (doc: Json) => void) => {
    const after = structuredClone(before);
    change(after);
    return breakingChanges(before, after, previous);
  };

  it("a removed operation is named, unless the version before has it (an @removed operation)", () => {
    // Taken out of the spec, an operation leaves every version's document, the previous one's too.
    const remove = (doc: Json) => delete doc.paths["/zstack/v1/ai/model-centers"].post;
    const [after, removedEverywhere] = [structuredClone(before), structuredClone(previous)];
    remove(after);
    remove(removedEverywhere);
    expect(breakingChanges(before, after, removedEverywhere)).toEqual([
      "POST /zstack/v1/ai/model-centers (AddModelCenter): the operation is removed",
    ]);
    expect(breakingChanges(before, after, previous)).toEqual([]);
  });

  it("a removed answer field is named", () => {
    const found = broken((doc) => delete doc.components.schemas.ModelCenterInventory.properties.url);
    expect(found.join("\n")).toContain("GET /zstack/v1/ai/model-centers (QueryModelCenter): [Removed] property `url`");
  });

  it("a removed request field is named (request schemas are closed)", () => {
    const found = broken((doc) => delete doc.components.schemas.AddModelCenterParam.properties.description);
    expect(found.join("\n")).toContain("(AddModelCenter): [Removed] property `description` from `param`");
  });

  it("a new required field is named", () => {
    const found = broken((doc) => doc.components.schemas.AddModelCenterParam.required.push("description"));
    expect(found).toEqual([
      "POST /zstack/v1/ai/model-centers (AddModelCenter): [Added] required status to `param.description` " +
        "in Request Body content (application/json)",
    ]);
  });

  it("a narrowed enum and a narrowed type are named", () => {
    const found = broken((doc) => {
      doc.components.schemas.AccessKeyStateEvent.enum.pop();
      doc.components.schemas.AddModelCenterParam.properties.managementPort.type = "string";
    });
    expect(found.join("\n")).toContain("(ChangeAccessKeyState): [Replaced] possible values of");
    expect(found.join("\n")).toContain("(AddModelCenter): [Replaced] type definition of `param.managementPort`");
  });

  it("dockerImage's removal in 5.3.28 passes only because the spec declares it", () => {
    const older = loadDocument("5.3.20");
    const newer = loadDocument("5.3.28");
    expect(breakingChanges(older, newer, older)).toEqual([]);
    const undeclared = structuredClone(older);
    for (const schema of Object.values(undeclared.components.schemas as Record<string, Json>))
      for (const property of Object.values((schema.properties ?? {}) as Record<string, Json>))
        delete property["x-zstack-removed-in"];
    const found = breakingChanges(older, newer, undeclared).join("\n");
    expect(found).toContain("POST /zstack/v1/ai/model-services (AddModelService): [Removed] property `dockerImage`");
    expect(found).toContain("[Removed] property `vmImageUuid`");
  });
});

describe("a breaking change made in spec/", () => {
  const scratch = mkdtempSync(join(tmpdir(), "zms-compat-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("fails against the published document, naming the field", () => {
    cpSync(join(repoRoot, "spec"), join(scratch, "spec"), { recursive: true });
    cpSync(join(repoRoot, "tspconfig.yaml"), join(scratch, "tspconfig.yaml"));
    symlinkSync(join(repoRoot, "node_modules"), join(scratch, "node_modules"), "dir");
    // A model center's management address may no longer be 128 characters long: a narrowed limit.
    const models = join(scratch, "spec/model-centers/models.tsp");
    const text = readFileSync(models, "utf8");
    const edited = text.replace("@maxLength(128)\n  managementIp: string;", "@maxLength(64)\n  managementIp: string;");
    expect(edited).not.toBe(text);
    writeFileSync(models, edited);
    const tsp = join(repoRoot, "node_modules/@typespec/compiler/cmd/tsp.js");
    const out = join(scratch, "out");
    execFileSync(process.execPath, [tsp, "compile", join(scratch, "spec/main.tsp"), "--output-dir", out], {
      cwd: scratch,
      stdio: "ignore",
    });
    const compiled = load(readFileSync(join(out, "@typespec/openapi3/3.0.0/openapi.5.5.22.yaml"), "utf8"));
    const published = loadDocument("5.5.22");
    expect(breakingChanges(published, compiled, loadDocument("5.5.6"))).toContain(
      "POST /zstack/v1/ai/model-centers (AddModelCenter): [Replaced] maxLength validator of `param.managementIp` " +
        "in Request Body content (application/json)",
    );
  }, 180_000);
});
