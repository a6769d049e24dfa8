// Every @opExample of the spec is sent to the real server and its answer checked against the example:
// the same status, and equal on every field the request determines; values the server sets (uuids, dates)
// only in shape. Asynchronous examples are sent with the job uuid their 202 `location` names, so that the
// job-poll examples can poll it; the invalid-session examples use the document's own (unknown) session.
import { describe, expect, it } from "vitest";
import { latestApiVersion } from "../../generated/types/index.js";
import { loadDocument, type Json } from "../helpers/documents.js";
import { schemaValidator } from "../helpers/schema-validator.js";
import { send, useContract } from "./harness.js";
import { specExamples, type SpecExample } from "./spec-examples.js";

const contract = useContract();
const doc = loadDocument(latestApiVersion);
const validate = schemaValidator(doc);

// Adds first, then the polls of their jobs, then the rest (the queries find what the adds made, before the
// updates change it).
const order = [
  "AddModelCenter",
  "AddModelService",
  "CreateDataset",
  "UpdateOrDeployModelService",
  "CloneModelService",
  "GetApiJob",
  "QueryDataset",
  "QueryModelServiceInstanceGroup",
];
const examples = specExamples(latestApiVersion).sort(
  (a, b) => (order.indexOf(a.operationId) + 1 || 9) - (order.indexOf(b.operationId) + 1 || 9),
);

/** Fields whose values the server chooses: compared in shape (by the schema), not in value. */
const serverSet = new Set([
  "uuid",
  "modelServiceUuid",
  "createDate",
  "lastOpDate",
  "location",
  // An instance's address is the server's own, wherever it listens.
  "url",
  "internalUrl",
]);

function withoutServerSet(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutServerSet);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !serverSet.has(k))
      .map(([k, v]) => [k, withoutServerSet(v)]),
  );
}

function requestOf(example: SpecExample): {
  path: string;
  init: { method: string; headers: Record<string, string>; body?: string };
} {
  let path = example.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
  for (const p of example.parameters) {
    if (p.in === "path") path = path.replace(`{${p.name}}`, String(p.value));
    else if (p.in === "query") for (const v of [p.value].flat()) query.append(p.name, String(v));
    else if (p.in === "header") headers[p.name] = String(p.value);
  }
  // "An invalid session": the add answers 202 and its job's poll ID.1001, both sent with the document's session.
  const invalidSession = "b86c9016b4f24953a9edefb53ca0678c";
  headers.Authorization = `OAuth ${example.title === "An invalid session" ? invalidSession : contract.session}`;
  const jobUuid = /\/api-jobs\/([0-9a-f]{32})$/.exec(example.response?.location ?? "")?.[1];
  if (jobUuid) headers["X-Job-UUID"] = jobUuid;
  return {
    path: query.size ? `${path}?${query}` : path,
    init: {
      method: example.method,
      headers,
      body: example.body === undefined ? undefined : JSON.stringify(example.body),
    },
  };
}

describe("the spec's examples, sent to the server", () => {
  it("are there to send", () => expect(examples.length).toBeGreaterThanOrEqual(6));

  it.each(examples.map((e) => [`${e.operationId}: ${e.title} → ${e.status}`, e] as const))(
    "%s",
    async (_name, example) => {
      const { path, init } = requestOf(example);
      const answer = await send(contract, path, init);
      expect(answer.status).toBe(example.status);
      expect(withoutServerSet(answer.body)).toEqual(withoutServerSet(example.response));
      const schema =
        doc.paths[example.path][example.method.toLowerCase()].responses[String(example.status)].content[
          "application/json"
        ].schema;
      expect(validate(schema, answer.body)).toEqual([]);
      if (example.response?.location)
        expect(answer.body.location).toMatch(new RegExp(`${example.response.location.split("/zstack/")[1]}$`));
    },
  );
});
