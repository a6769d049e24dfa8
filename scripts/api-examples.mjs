// generated/examples/<version>/<Action>.json, the fixtures artefact published beside the documents (as Stripe
// publishes its fixtures): each operation's examples as a request to send and the answer to expect, read from
// the version's document, where the spec's @opExamples are: the very examples test/contract sends to the server.
// Request and answer are paired by the example's title, as test/contract/spec-examples.ts pairs them; an
// asynchronous call's example also carries the poll of its job where the spec has one. Each example has its
// `step` in the version's sending order (scripts/example-order.mjs): sent by step, every uuid an example names
// was made by an earlier step, as the contract tests send them.

import { actionOf, inSendingOrder, jobOf } from "./example-order.mjs";

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

function operationsOf(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => typeof op === "object" && op?.operationId)
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
}

/** One example of an operation: the request, with its path filled in, and the answer. */
function exampleOf(doc, { path, method, op }, title, status, answer) {
  const resolve = (p) => (p.$ref ? doc.components.parameters[p.$ref.split("/").pop()] : p);
  const request = { method, path, query: {}, headers: {} };
  const parameters = [];
  for (const parameter of (op.parameters ?? []).map(resolve)) {
    const example = parameter.examples?.[title];
    if (!example) continue;
    parameters.push({ name: parameter.name, in: parameter.in, value: example.value });
    if (parameter.in === "path") request.path = request.path.replace(`{${parameter.name}}`, String(example.value));
    else if (parameter.in === "query") request.query[parameter.name] = example.value;
    else if (parameter.in === "header") request.headers[parameter.name] = example.value;
  }
  // The job its 202 names, so that the job's poll (and its own step's) can find it.
  const job = jobOf({ response: answer.value });
  if (job) request.headers["X-Job-UUID"] = job;
  const body = op.requestBody?.content?.["application/json"]?.examples?.[title]?.value;
  if (body !== undefined) request.body = body;
  const description = answer.description;
  const sent = {
    operationId: op.operationId,
    actions: op["x-zstack-actions"],
    parameters,
    body,
    response: answer.value,
  };
  return {
    action: actionOf(sent),
    sent,
    example: {
      step: 0,
      title,
      ...(description ? { description } : {}),
      request,
      response: { status, body: answer.value },
    },
  };
}

/**
 * An asynchronous call's example answers 202 with a job location; where an example polls that very job
 * (GetApiJob's path names its uuid), the call's example carries the poll too: the answer the call ends with.
 */
function linkJobs(files) {
  const polls = files.filter((f) => f.operationId === "GetApiJob").flatMap((f) => f.examples);
  for (const example of files.flatMap((f) => (f.operationId === "GetApiJob" ? [] : f.examples))) {
    const job = /\/api-jobs\/([0-9a-f]{32})$/.exec(example.response.body?.location ?? "")?.[1];
    const poll = job && polls.find((p) => p.request.path.endsWith(`/${job}`));
    if (poll) example.job = { title: poll.title, request: poll.request, response: poll.response };
  }
}

/** The example files of one version's document: a Map from `examples/<version>/<Action>.json` to its text. */
export function exampleFiles(doc, version) {
  const byAction = new Map();
  const sent = [];
  for (const operation of operationsOf(doc)) {
    for (const [status, response] of Object.entries(operation.op.responses ?? {})) {
      for (const [title, answer] of Object.entries(response.content?.["application/json"]?.examples ?? {})) {
        const { action, sent: order, example } = exampleOf(doc, operation, title, Number(status), answer);
        sent.push({ ...order, example });
        const file = byAction.get(action) ?? {
          action,
          operationId: operation.op.operationId,
          method: operation.method,
          path: operation.path,
          version,
          examples: [],
        };
        file.examples.push(example);
        byAction.set(action, file);
      }
    }
  }
  for (const [index, { example }] of inSendingOrder(sent).entries()) example.step = index + 1;
  linkJobs([...byAction.values()]);
  const files = new Map();
  for (const [action, file] of [...byAction].sort(([a], [b]) => (a < b ? -1 : 1)))
    files.set(`examples/${version}/${action}.json`, json(file));
  return files;
}
