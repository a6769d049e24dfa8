// What the server used to work out from the published documents at every start, worked out once by
// `npm run generate` instead (issue 15's start-up budget; figures: bench/README.md):
// - generated/server/version-index.json: per version, the request fields and operations it lacks and the
//   version that added (or removed) each. Computing it meant parsing every version's YAML document at start.
// - generated/server/openapi/<version>.json: each published 3.0 document as JSON, which the server parses
//   tens of times faster than the YAML; generated from the YAML text itself, so the two cannot differ.
import { isDeepStrictEqual } from "node:util";
import { load } from "js-yaml";

function resolve(doc, node) {
  let current = node;
  while (current?.$ref) {
    const segments = current.$ref.replace(/^#\//, "").split("/");
    current = segments.reduce((at, key) => at?.[key], doc);
  }
  return current;
}

/** A schema's properties, following `$ref`s and merging those of its `allOf` parts. */
function propertiesOf(doc, schema) {
  const resolved = resolve(doc, schema);
  if (!resolved || typeof resolved !== "object") return {};
  const own = { ...(resolved.properties ?? {}) };
  for (const part of resolved.allOf ?? []) Object.assign(own, propertiesOf(doc, part));
  return own;
}

function itemsOf(doc, schema) {
  const resolved = resolve(doc, schema);
  if (resolved?.items) return resolved.items;
  for (const part of resolved?.allOf ?? []) {
    const items = itemsOf(doc, part);
    if (items) return items;
  }
  return undefined;
}

function operationsOf(doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => op?.operationId)
      .map(([method, op]) => ({ operationId: op.operationId, method, path, op })),
  );
}

/** Every property path of each operation's request body (`param.architectureImages[].cpuArchitecture`). */
function requestFieldPaths(doc) {
  const byOperation = new Map();
  for (const { operationId, op } of operationsOf(doc)) {
    const schema = op.requestBody ? resolve(doc, op.requestBody).content?.["application/json"]?.schema : undefined;
    if (!schema) continue;
    const paths = new Map();
    const walk = (node, prefix, depth) => {
      if (depth > 8) return;
      for (const [name, child] of Object.entries(propertiesOf(doc, node))) {
        const path = prefix ? `${prefix}.${name}` : name;
        paths.set(path, child);
        walk(child, path, depth + 1);
        const items = itemsOf(doc, child);
        if (items) walk(items, `${path}[]`, depth + 1);
      }
    };
    walk(schema, "", 0);
    byOperation.set(operationId, paths);
  }
  return byOperation;
}

/** For version `index`: its lacking fields and operations, keyed `<operationId> <field path>`. */
function indexOf(documents, versions, fields, index) {
  const current = fields[index];
  const addedLater = {};
  for (let i = index + 1; i < versions.length; i++) {
    for (const [operationId, paths] of fields[i]) {
      for (const path of paths.keys()) {
        const key = `${operationId} ${path}`;
        if (!current.get(operationId)?.has(path) && !(key in addedLater)) addedLater[key] = versions[i];
      }
    }
  }
  // Newest older version first: a field's removal is the version after the last one that had it.
  const removedEarlier = {};
  for (let i = index - 1; i >= 0; i--) {
    for (const [operationId, paths] of fields[i]) {
      for (const [path, schema] of paths) {
        const key = `${operationId} ${path}`;
        if (current.get(operationId)?.has(path) || key in removedEarlier) continue;
        const replacedBy = resolve(documents[i], schema)?.["x-zstack-replaced-by"] ?? schema?.["x-zstack-replaced-by"];
        removedEarlier[key] = { version: versions[i + 1], ...(typeof replacedBy === "string" ? { replacedBy } : {}) };
      }
    }
  }
  const known = new Set(operationsOf(documents[index]).map((op) => op.operationId));
  const operationsAddedLater = [];
  for (let i = index + 1; i < versions.length; i++) {
    for (const { operationId, method, path } of operationsOf(documents[i])) {
      if (known.has(operationId)) continue;
      known.add(operationId);
      operationsAddedLater.push({ operationId, method: method.toUpperCase(), path, version: versions[i] });
    }
  }
  return { addedLater, removedEarlier, operationsAddedLater };
}

/**
 * The server's files for the published 3.0 documents, given each version's YAML text (oldest version first).
 * Keys are paths under generated/.
 */
export function serverDocumentFiles(versions, yamlOf) {
  const documents = versions.map((version) => load(yamlOf(version)));
  const files = new Map();
  for (const [i, version] of versions.entries()) {
    const json = JSON.stringify(documents[i]);
    // YAML can hold what JSON cannot (dates, undefined): such a document must not be served differently.
    if (!isDeepStrictEqual(JSON.parse(json), documents[i]))
      throw new Error(`the ${version} document does not survive JSON: it holds a value JSON cannot carry`);
    files.set(`server/openapi/${version}.json`, `${json}\n`);
  }
  const fields = documents.map(requestFieldPaths);
  const index = Object.fromEntries(versions.map((version, i) => [version, indexOf(documents, versions, fields, i)]));
  files.set("server/version-index.json", `${JSON.stringify(index, null, 1)}\n`);
  return files;
}
