// generated/api-changes.md answers "what did version X add or remove?" from the documents' own annotations,
// and every published document links to its version's section.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiVersions } from "../../generated/types/index.js";
import { apiChangesMarkdown, versionAnchor, versionChanges } from "../../scripts/api-changes.mjs";
import { loadDocument, repoRoot } from "../helpers/documents.js";

const markdown = readFileSync(join(repoRoot, "generated", "api-changes.md"), "utf8");
const versions = [...apiVersions];

/** The section under `## <version>`, up to the next version's heading. */
function section(version: string): string {
  const start = markdown.indexOf(`\n## ${version}\n`);
  expect(start, `no section for ${version}`).toBeGreaterThan(0);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

describe("generated/api-changes.md", () => {
  it("has a section per version, newest first", () => {
    const headings = [...markdown.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...versions].reverse());
  });

  it("says what 5.5.22 added: containerCommand and containerArgs on AddModelService", () => {
    expect(section("5.5.22")).toContain("- `AddModelServiceParam`: `containerCommand`, `containerArgs`");
    expect(section("5.5.22")).not.toContain("`supportDistributed`");
  });

  it("says what 5.3.28 removed and what replaced it", () => {
    expect(section("5.3.28")).toMatch(
      /Fields removed:\n\n(- .*\n)*- `AddModelServiceParam`: `dockerImage` \(replaced by `architectureImages`\)/,
    );
  });

  it("lists operations with their method and path, marking inferred versions", () => {
    expect(section("5.2.1")).toContain("- `DeleteModels`: `DELETE /zstack/v1/ai/models`\n");
    expect(section("5.3.20")).toContain("- `UpdateDatasets`: `PUT /zstack/v1/ai/datasets` *(inferred)*");
    expect(section("5.1.8")).toContain("- `AddModelService`: `POST /zstack/v1/ai/model-services`\n");
  });

  it("is what the documents say, so editing it by hand is caught", () => {
    const documents = versions.map((v) => loadDocument(v));
    expect(apiChangesMarkdown(documents, versions)).toBe(markdown);
  });
});

describe("the changes of a version", () => {
  const doc = (operations: string[], version: string) => ({
    info: { version },
    paths: Object.fromEntries(operations.map((id) => [`/${id}`, { get: { operationId: id } }])),
    components: { schemas: {} },
  });

  it("name an operation a version dropped", () => {
    const changes = versionChanges([doc(["A", "B"], "1.0.0"), doc(["A"], "2.0.0")], ["1.0.0", "2.0.0"]);
    expect(changes.get("2.0.0")?.operations.removed.map((o) => o.name)).toEqual(["B"]);
    expect(changes.get("2.0.0")?.operations.added).toEqual([]);
  });
});

describe.each(["3.0", "3.1"] as const)("every published %s document", (openapi) => {
  it.each(versions)("%s links to its section of api-changes.md", (version) => {
    const description: string = loadDocument(version, openapi).info.description;
    expect(description).toContain(`[api-changes.md](../api-changes.md#${versionAnchor(version)})`);
    expect(versionAnchor(version)).toBe(version.replaceAll(".", ""));
  });
});
