// Every @opExample in the spec validates against its schema, in every version's document.
import { describe, expect, it } from "vitest";
import { documentYamlReindented, versions } from "../fixtures/seed.js";
import { listOperations, loadDocument } from "../helpers/documents.js";
import { schemaValidator } from "../helpers/schema-validator.js";

describe.each(versions)("examples in %s", (version) => {
  const doc = loadDocument(version);
  const validate = schemaValidator(doc);
  const operations = listOperations(doc);
  const examples = operations.flatMap(({ operation }) => [
    ...Object.entries(operation.requestBody?.content?.["application/json"]?.examples ?? {}).map(([title, ex]) => ({
      where: `${operation.operationId} request "${title}"`,
      operationId: operation.operationId,
      title,
      schema: operation.requestBody.content["application/json"].schema,
      value: (ex as { value: unknown }).value,
    })),
    ...Object.entries(
      operation.responses as Record<string, { content?: Record<string, { schema: unknown; examples?: object }> }>,
    ).flatMap(([status, response]) =>
      Object.entries(response.content?.["application/json"]?.examples ?? {}).map(([title, ex]) => ({
        where: `${operation.operationId} ${status} "${title}"`,
        operationId: operation.operationId,
        title,
        schema: response.content!["application/json"]!.schema,
        value: (ex as { value: unknown }).value,
      })),
    ),
  ]);

  it("has the document's request, its response, an argument error and an invalid session", () => {
    const titles = examples.map((e) => e.where);
    expect(titles).toContain(`AddModelService request "The source document's request"`);
    expect(titles).toContain(`GetApiJob 200 "The source document's response"`);
    expect(titles).toContain(`GetApiJob 503 "An argument error"`);
    // An invalid session is accepted (202) and the job's poll answers ID.1001, as with real ZStack.
    expect(titles).toContain(`AddModelService 202 "An invalid session"`);
    expect(titles).toContain(`GetApiJob 503 "An invalid session"`);
  });

  it.each(examples.map((e) => [e.where, e] as const))("%s validates", (_where, example) => {
    expect(validate(example.schema, example.value)).toEqual([]);
  });

  it("the document's request carries its YAML re-indented", () => {
    const add = operations.find(({ operation }) => operation.operationId === "AddModelService")!.operation;
    const example = add.requestBody.content["application/json"].examples["The source document's request"].value;
    expect(example.param.yaml).toBe(documentYamlReindented);
  });

  it("shows a parameter's examples only on the operation they are examples of", () => {
    const misplaced = operations.flatMap(({ operation }) => {
      const own = new Set(examples.filter((e) => e.operationId === operation.operationId).map((e) => e.title));
      return (operation.parameters ?? []).flatMap((parameter: { $ref?: string; name?: string; examples?: object }) => {
        const resolved = parameter.$ref ? doc.components.parameters[parameter.$ref.split("/").pop()!] : parameter;
        return Object.keys(resolved.examples ?? {})
          .filter((title) => !own.has(title))
          .map((title) => `${operation.operationId} ${resolved.name} "${title}"`);
      });
    });
    expect(misplaced).toEqual([]);
    const query = operations.find(({ operation }) => operation.operationId === "QueryModelService")!.operation;
    const q = query.parameters.find((parameter: { name?: string }) => parameter.name === "q");
    expect(q.examples["Endpoints with at least 2 CPUs"].value).toEqual(["type=Endpoint", "requestCpu>=2"]);
  });
});
