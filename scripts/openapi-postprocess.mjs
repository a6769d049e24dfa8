// What generate.mjs adds to the emitted OpenAPI documents. Both steps are derived from the spec alone.
import { dump } from "js-yaml";

/**
 * Marks every schema property with the API version that added it (`x-zstack-since`, and "Since X." in its
 * description), found by comparing the per-version documents, so the @added tags stay the one source of truth.
 * Where no ZStack source gives a version, the spec marks it inferred (DESIGN.md, Decision 2) with
 * `x-zstack-since-inferred: true` on the property, on its schema (all its properties) or on an operation:
 * those read "Since X (inferred)." instead, operations included. A property that a later version drops gets
 * "Removed in Y." and, when the spec names its successor (`x-zstack-replaced-by`), "Replaced by Z." — the older
 * document is the only one that still has it.
 */
export function annotateSince(documents, versions) {
  const firstSeen = new Map();
  const lastSeen = new Map();
  const operationFirstSeen = new Map();
  documents.forEach((doc, i) => {
    for (const [schemaName, schema] of Object.entries(doc.components?.schemas ?? {})) {
      for (const property of Object.keys(schema.properties ?? {})) {
        const key = `${schemaName}.${property}`;
        if (!firstSeen.has(key)) firstSeen.set(key, versions[i]);
        lastSeen.set(key, i);
      }
    }
    for (const operation of operationsOf(doc)) {
      if (!operationFirstSeen.has(operation.operationId)) operationFirstSeen.set(operation.operationId, versions[i]);
    }
  });
  const sinceText = (since, inferred) => (inferred ? `Since ${since} (inferred).` : `Since ${since}.`);
  for (const doc of documents) {
    for (const [schemaName, schema] of Object.entries(doc.components?.schemas ?? {})) {
      for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
        const key = `${schemaName}.${property}`;
        const since = firstSeen.get(key);
        const inferred =
          propertySchema["x-zstack-since-inferred"] === true || schema["x-zstack-since-inferred"] === true;
        const removedIn = versions[lastSeen.get(key) + 1];
        const replacedBy = propertySchema["x-zstack-replaced-by"];
        const text = propertySchema.description ? `${propertySchema.description} ` : "";
        const removal = removedIn ? ` Removed in ${removedIn}.${replacedBy ? ` Replaced by ${replacedBy}.` : ""}` : "";
        propertySchema.description = `${text}${sinceText(since, inferred)}${removal}`;
        propertySchema["x-zstack-since"] = since;
        if (inferred) propertySchema["x-zstack-since-inferred"] = true;
        if (removedIn) propertySchema["x-zstack-removed-in"] = removedIn;
      }
    }
    for (const operation of operationsOf(doc)) {
      if (operation["x-zstack-since-inferred"] !== true) continue;
      const since = operationFirstSeen.get(operation.operationId);
      const text = operation.description ? `${operation.description}\n\n` : "";
      operation.description = `${text}${sinceText(since, true)}`;
      operation["x-zstack-since"] = since;
    }
  }
}

function operationsOf(doc) {
  return Object.values(doc.paths ?? {}).flatMap((pathItem) =>
    Object.values(pathItem).filter((operation) => typeof operation === "object" && operation?.operationId),
  );
}

/**
 * The spec's examples are written once for all versions; in an older version's document, fields that the
 * version does not have are left out of them (the request models are closed), so every example validates.
 */
export function pruneExamples(doc) {
  const schemas = doc.components?.schemas ?? {};
  const resolve = (schema) => {
    let current = schema;
    while (current) {
      if (current.$ref) current = schemas[current.$ref.replace("#/components/schemas/", "")];
      else if (current.allOf?.length === 1) current = current.allOf[0];
      else return current;
    }
    return current;
  };
  const prune = (schema, value) => {
    const resolved = resolve(schema);
    if (!resolved || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      if (resolved.items) for (const item of value) prune(resolved.items, item);
      return;
    }
    for (const key of Object.keys(value)) {
      const propertySchema = resolved.properties?.[key];
      if (propertySchema) prune(propertySchema, value[key]);
      else if (resolved.additionalProperties === false) delete value[key];
      else if (typeof resolved.additionalProperties === "object") prune(resolved.additionalProperties, value[key]);
    }
  };
  const pruneContent = (content) => {
    for (const media of Object.values(content ?? {})) {
      for (const example of Object.values(media.examples ?? {})) prune(media.schema, example.value);
      if (media.example !== undefined) prune(media.schema, media.example);
    }
  };
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== "object" || !operation.responses) continue;
      pruneContent(operation.requestBody?.content);
      for (const response of Object.values(operation.responses)) pruneContent(response.content);
    }
  }
}

/**
 * `@extension("allowReserved", true)` on a query parameter lands on the parameter (right) and on its schema,
 * where it is no JSON Schema keyword: keep the parameter's.
 */
export function moveAllowReservedToParameters(doc) {
  const parameters = [
    ...Object.values(doc.components?.parameters ?? {}),
    ...Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item).flatMap((op) => op?.parameters ?? [])),
  ];
  for (const parameter of parameters) {
    if (parameter.schema && "allowReserved" in parameter.schema) {
      parameter.allowReserved = parameter.schema.allowReserved;
      delete parameter.schema.allowReserved;
    }
  }
}

/**
 * TypeSpec's emitter writes a parameter that several operations share (QueryParameters' `q`, `sort`, `limit`) once,
 * in components, with the examples of the first operation that gives it any: every operation using it then showed
 * them as its own (QueryAccessKey's `q` read `type=Endpoint`). So a shared parameter keeps no examples; an
 * operation whose own examples they are (an example of its request or answers has the same title) gets an inline
 * copy of the parameter carrying them, and the others keep the reference.
 */
export function examplesToTheirOperations(doc) {
  const shared = doc.components?.parameters ?? {};
  const prefix = "#/components/parameters/";
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== "object" || !operation?.parameters) continue;
      const titles = new Set(
        [operation.requestBody, ...Object.values(operation.responses ?? {})].flatMap((part) =>
          Object.values(part?.content ?? {}).flatMap((media) => Object.keys(media.examples ?? {})),
        ),
      );
      operation.parameters = operation.parameters.map((parameter) => {
        const component = parameter.$ref?.startsWith(prefix) ? shared[parameter.$ref.slice(prefix.length)] : undefined;
        const own = Object.entries(component?.examples ?? {}).filter(([title]) => titles.has(title));
        return own.length > 0 ? { ...structuredClone(component), examples: Object.fromEntries(own) } : parameter;
      });
    }
  }
  for (const parameter of Object.values(shared)) delete parameter.examples;
}

/** YAML with stable formatting: no line folding, no anchors. */
export function toYaml(doc) {
  return dump(doc, { lineWidth: -1, noRefs: true });
}
