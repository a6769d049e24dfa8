// The spec's @opExamples, read back from a published document: per operation, each example's request
// (parameters and body) and expected answer (status and body), paired by title.
import { listOperations, loadDocument, type Json } from "../helpers/documents.js";

export interface SpecExample {
  operationId: string;
  /** The operation's `x-zstack-actions`: which ZStack action the example calls (scripts/example-order.mjs). */
  actions?: { action: string; envelopeKey: string }[];
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
      actions: operation["x-zstack-actions"],
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

/** The order in which the examples can be sent, and the uuids they make and name: one order for both sides. */
export { createdUuids, inSendingOrder, jobOf, namedUuids } from "../../scripts/example-order.mjs";
