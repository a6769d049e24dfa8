// Every @opExample of the spec is sent to a real server that checks references, and its answer checked against
// the example: the same status, and equal on every field the request determines; values the server sets (uuids,
// dates, key ids) only in shape. Asynchronous examples are sent with the job uuid their 202 `location` names, so
// that the job-poll examples can poll it, and a job no example polls must succeed. The examples go in an order
// where each uuid one names was made by an earlier one (generated/examples promises uuids that chain); the
// invalid-session examples use the document's own (unknown) session.
import { describe, expect, it } from "vitest";
import { latestApiVersion } from "../../generated/types/index.js";
import { loadDocument, type Json } from "../helpers/documents.js";
import { schemaValidator } from "../helpers/schema-validator.js";
import { send, useContract } from "./harness.js";
import { createdUuids, inSendingOrder, jobOf, namedUuids, specExamples, type SpecExample } from "./spec-examples.js";

const contract = useContract({ references: "check" });
const doc = loadDocument(latestApiVersion);
const validate = schemaValidator(doc);
const examples = inSendingOrder(specExamples(latestApiVersion));
/** The jobs an example polls: their answers are the poll's to check. */
const polled = new Set(examples.filter((e) => e.operationId === "GetApiJob").flatMap(namedUuids));

/** Fields whose values the server chooses: compared in shape (by the schema), not in value. */
const serverSet = new Set([
  "uuid",
  "modelServiceUuid",
  "createDate",
  "lastOpDate",
  "expiredDate",
  "location",
  "AccessKeyID",
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
  // Operations that need no credential (`security: [{}]`: login, sessions, health) are sent none.
  const security: Json[] | undefined = doc.paths[example.path][example.method.toLowerCase()].security;
  if (!security?.every((requirement) => Object.keys(requirement).length === 0))
    headers.Authorization = `OAuth ${example.title === "An invalid session" ? invalidSession : contract.session}`;
  const jobUuid = jobOf(example);
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

/** The answer of a job once it has finished (or after 5 s), polled with the test's session. */
async function resultOf(job: string) {
  const headers = { Authorization: `OAuth ${contract.session}` };
  for (let attempt = 0; ; attempt++) {
    const answer = await send(contract, `/zstack/v1/api-jobs/${job}`, { headers });
    if (answer.status !== 202 || attempt === 250) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the spec's examples, sent to the server", () => {
  it("are there to send, one or more for every operation", () => {
    const sent = new Set(examples.map((e) => e.operationId));
    const operations = Object.values(doc.paths).flatMap((item: Json) =>
      Object.values(item).map((op: Json) => op.operationId as string),
    );
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((operationId) => !sent.has(operationId))).toEqual([]);
  });

  it("name only uuids that earlier examples made", () => {
    const made = new Set<string>();
    for (const example of examples) {
      const unmade = namedUuids(example).filter((uuid) => !made.has(uuid));
      expect(unmade, `${example.operationId}: ${example.title}`).toEqual([]);
      for (const uuid of [...createdUuids(example), jobOf(example)]) if (uuid) made.add(uuid);
    }
  });

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
      const job = jobOf(example);
      if (job && !polled.has(job)) expect(await resultOf(job)).toMatchObject({ status: 200 });
    },
  );
});
