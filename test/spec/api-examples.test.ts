// generated/examples/<version>/<Action>.json holds exactly the examples the contract tests send
// (test/contract/spec-examples.ts reads them from the same document), as requests ready to send.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiVersions, latestApiVersion } from "../../generated/types/index.js";
import { createdUuids, inSendingOrder, jobOf, namedUuids, specExamples } from "../contract/spec-examples.js";
import { type Json, loadDocument, repoRoot } from "../helpers/documents.js";

const examplesDir = join(repoRoot, "generated", "examples");

function published(version: string): Json[] {
  return readdirSync(join(examplesDir, version))
    .sort()
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(examplesDir, version, name), "utf8")) }));
}

describe.each([...apiVersions])("generated/examples/%s", (version) => {
  const files = published(version);

  it("has a file per action named after it, for the version", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect([file.name, file.version]).toEqual([`${file.action}.json`, version]);
    expect(files.map((f) => f.action)).toContain("AddModelService");
  });

  it("carries, with an asynchronous call's example, the poll of its job that the spec gives", () => {
    const add = files.find((f) => f.action === "AddModelService");
    const example = add.examples.find((e: Json) => e.title === "The source document's request");
    const job = example.response.body.location.split("/").pop();
    expect(example.job.request).toMatchObject({ method: "GET", path: `/zstack/v1/api-jobs/${job}` });
    expect(example.job.response.status).toBe(200);
    expect(example.job.response.body.inventory.name).toBe(example.request.body.param.name);
  });

  it("names only uuids its own examples make, sent in order (a version without resourceUuid on an add aside)", () => {
    const made = new Set<string>();
    const unmade = new Set<string>();
    for (const example of inSendingOrder(specExamples(version))) {
      for (const uuid of namedUuids(example)) if (!made.has(uuid)) unmade.add(uuid);
      for (const uuid of [...createdUuids(example), jobOf(example)]) if (uuid) made.add(uuid);
    }
    // Before 5.3.20, AddModelCenter takes no resourceUuid, and before 5.5.22 DeployModelService none: the server
    // picks the center's and the groups' uuids (those the latest version's deploy examples choose).
    const schemas = loadDocument(version).components.schemas;
    const listed = (action: string) => files.find((f) => f.action === action).examples[0].response.body.inventories[0];
    const deployedGroups = published(latestApiVersion)
      .find((f) => f.action === "DeployModelService")
      .examples.map((e: Json) => e.request.body.deployModelService.resourceUuid);
    const unchosen = [
      ...("resourceUuid" in schemas.AddModelCenterParam.properties ? [] : [listed("QueryModelCenter").uuid]),
      ...("resourceUuid" in schemas.DeployModelServiceParam.properties ? [] : deployedGroups),
    ];
    expect([...unmade].sort()).toEqual(unchosen.sort());
  });

  it("numbers its examples in the order the contract tests send them", () => {
    const bySteps = files
      .flatMap((file) => file.examples.map((e: Json) => ({ step: e.step, key: `${file.operationId} ${e.title}` })))
      .sort((a, b) => a.step - b.step);
    expect(bySteps.map((e) => e.step)).toEqual(bySteps.map((_e, i) => i + 1));
    expect(bySteps.map((e) => e.key)).toEqual(
      inSendingOrder(specExamples(version)).map((e) => `${e.operationId} ${e.title}`),
    );
  });

  it("holds the examples the contract tests send, request and answer", () => {
    const flattened = files.flatMap((file) =>
      file.examples.map((example: Json) => ({
        operationId: file.operationId,
        title: example.title,
        request: example.request,
        status: example.response.status,
        response: example.response.body,
      })),
    );
    const sent = specExamples(version).map((example) => {
      let path = example.path;
      const query: Record<string, unknown> = {};
      const headers: Record<string, unknown> = {};
      for (const p of example.parameters) {
        if (p.in === "path") path = path.replace(`{${p.name}}`, String(p.value));
        else if (p.in === "query") query[p.name] = p.value;
        else headers[p.name] = p.value;
      }
      const job = jobOf(example);
      if (job) headers["X-Job-UUID"] = job; // as test/contract/examples.test.ts sends it
      const request = { method: example.method, path, query, headers, ...(example.body ? { body: example.body } : {}) };
      return {
        operationId: example.operationId,
        title: example.title,
        request,
        status: example.status,
        response: example.response,
      };
    });
    const key = (e: { operationId: string; title: string; status: number }) =>
      `${e.operationId} ${e.title} ${e.status}`;
    const byKey = (a: { operationId: string; title: string; status: number }, b: typeof a) =>
      key(a) < key(b) ? -1 : 1;
    expect(flattened.sort(byKey)).toEqual(sent.sort(byKey));
  });
});
