// The spec's @opExamples, read back from a published document: per operation, each example's request
// (parameters and body) and expected answer (status and body), paired by title.
import { listOperations, loadDocument, type Json } from "../helpers/documents.js";

export interface SpecExample {
  operationId: string;
  method: string;
  path: string;
  title: string;
  parameters: { name: string; in: string; value: unknown }[];
  body?: Json;
  status: number;
  response?: Json;
}

export function specExamples(version: string): SpecExample[] {
  const doc = loadDocument(version);
  const parameter = (p: Json) =>
    p.$ref ? doc.components.parameters[p.$ref.replace("#/components/parameters/", "")] : p;
  return listOperations(doc).flatMap(({ path, method, operation }) => {
    const requestExamples: Record<string, { value: Json }> =
      operation.requestBody?.content?.["application/json"]?.examples ?? {};
    const responseExamples = Object.entries(operation.responses as Record<string, Json>).flatMap(([status, response]) =>
      Object.entries((response.content?.["application/json"]?.examples ?? {}) as Record<string, { value: Json }>).map(
        ([title, ex]) => ({
          title,
          status: Number(status),
          value: ex.value,
        }),
      ),
    );
    return responseExamples.map(({ title, status, value }) => ({
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      title,
      parameters: (operation.parameters ?? [])
        .map(parameter)
        .filter((p: Json) => p.examples?.[title])
        .map((p: Json) => ({ name: p.name, in: p.in, value: p.examples[title].value })),
      body: requestExamples[title]?.value,
      status,
      response: value,
    }));
  });
}

/** The document's AddModelService param as the spec's example gives it (YAML re-indented), for `version`. */
export function documentParam(version: string): Json {
  const example = specExamples(version).find(
    (e) => e.operationId === "AddModelService" && e.title === "The source document's request",
  );
  if (!example) throw new Error("the spec has no example of the document's request");
  return structuredClone(example.body.param);
}

const hex32 = /^[0-9a-f]{32}$/;
/** Fields that name something no example makes: the admin account, images (not resources here), sessions. */
const notNaming = new Set(["resourceUuid", "accountUuid", "userUuid", "vmImageUuid", "sessionUuid"]);

/** The job an asynchronous example's 202 names, if it is one. */
export function jobOf(example: SpecExample): string | undefined {
  return /\/api-jobs\/([0-9a-f]{32})$/.exec(example.response?.location ?? "")?.[1];
}

/** The uuids an example's request asks the server to create (`resourceUuid`, at any depth). */
export function createdUuids(example: SpecExample): string[] {
  const found: string[] = [];
  const walk = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) k === "resourceUuid" ? found.push(v as string) : walk(v as Json);
  };
  walk(example.body);
  return found;
}

/** The uuids of other resources (or, for GetApiJob, of the job) that an example's request names. */
export function namedUuids(example: SpecExample): string[] {
  const found: string[] = [];
  const visit = (key: string, value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(key, v);
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(k, v);
    else if (typeof value === "string" && hex32.test(value) && /uuids?$/i.test(key) && !notNaming.has(key))
      found.push(value);
  };
  for (const p of example.parameters) if (p.in !== "header") visit(p.name, p.value);
  visit("body", example.body);
  return found;
}

/** Adds first, then reads, updates, binds, unbinds and deletes; a job's poll goes with the call that made the job. */
const kinds: [RegExp, number][] = [
  [/^(Add|Create|LogIn)/, 0],
  [/^(Get|Query|Validate|Livez|Readyz)/, 1],
  [/^(Update|Change|Renew)/, 2],
  [/^Bind/, 3],
  [/^Unbind/, 4],
  [/^(Delete|LogOut)/, 5],
];

/**
 * The examples in an order where each one's named uuids were made by earlier ones: by kind, and within a kind
 * topologically (a make after the makes it names; a delete of a resource after the deletes of those naming it).
 */
export function inSendingOrder(examples: SpecExample[]): SpecExample[] {
  const maker = new Map<string, SpecExample>();
  for (const e of examples) {
    for (const uuid of createdUuids(e)) maker.set(uuid, e);
    const job = jobOf(e);
    if (job) maker.set(job, e);
  }
  const kindOf = (e: SpecExample): number => {
    if (e.operationId === "GetApiJob") {
      const source = maker.get(namedUuids(e)[0] ?? "");
      return source ? kindOf(source) : 1;
    }
    return kinds.find(([pattern]) => pattern.test(e.operationId))?.[1] ?? 1;
  };
  const dependsOn = (a: SpecExample, b: SpecExample): boolean => {
    const bMakes = [...createdUuids(b), jobOf(b)];
    if (namedUuids(a).some((u) => bMakes.includes(u))) return true;
    // Deletes: b deletes what names a's resource (a model, whose make named the center a deletes).
    if (kindOf(a) !== 5 || kindOf(b) !== 5) return false;
    return namedUuids(b).some((u) => namedUuids(a).some((v) => maker.get(u) && namedUuids(maker.get(u)!).includes(v)));
  };
  const ordered: SpecExample[] = [];
  const rest = [...examples].sort((a, b) => kindOf(a) - kindOf(b));
  while (rest.length) {
    const index = rest.findIndex((a) => !rest.some((b) => b !== a && kindOf(b) <= kindOf(a) && dependsOn(a, b)));
    ordered.push(...rest.splice(index === -1 ? 0 : index, 1));
  }
  return ordered;
}
