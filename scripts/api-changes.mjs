// What each API version added and removed, read from the generated documents' own annotations
// (`x-zstack-since`, `x-zstack-since-inferred`, `x-zstack-removed-in`, `x-zstack-replaced-by`, set by
// openapi-postprocess.mjs from the spec's @added/@removed): generated/api-changes.md, and the link to it that
// every published document's `info.description` carries. Nothing here is written by hand, so it cannot drift.

/** The heading anchor a Markdown renderer gives `## 5.5.22` (GitHub drops the dots). */
export const versionAnchor = (version) => version.replaceAll(".", "");

/** Appends the link to api-changes.md (relative to generated/openapi*\/<version>.yaml) to each document. */
export function linkApiChanges(documents, versions) {
  documents.forEach((doc, i) => {
    const text = doc.info.description ? `${doc.info.description}\n\n` : "";
    const link = `[api-changes.md](../api-changes.md#${versionAnchor(versions[i])})`;
    doc.info.description = `${text}What each version added and removed, this one included: ${link}.`;
  });
}

function operationsOf(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => typeof op === "object" && op?.operationId)
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
}

/**
 * Per version: { operations: {added, removed}, fields: {added, removed}, schemasAdded }, where operations are
 * `{ name, method, path, inferred }` and fields `{ schema, name, inferred, replacedBy?, newSchema }`.
 */
export function versionChanges(documents, versions) {
  const changes = new Map(
    versions.map((v) => [v, { operations: { added: [], removed: [] }, fields: { added: [], removed: [] } }]),
  );
  const seenOperations = new Map();
  const seenFields = new Set();
  const schemaSince = new Map();
  documents.forEach((doc, i) => {
    const version = versions[i];
    const here = new Set();
    for (const { path, method, op } of operationsOf(doc)) {
      here.add(op.operationId);
      if (seenOperations.has(op.operationId)) continue;
      const entry = { name: op.operationId, method, path, inferred: op["x-zstack-since-inferred"] === true };
      seenOperations.set(op.operationId, entry);
      changes.get(version).operations.added.push(entry);
    }
    if (i > 0) {
      for (const { op } of operationsOf(documents[i - 1])) {
        if (!here.has(op.operationId)) changes.get(version).operations.removed.push(seenOperations.get(op.operationId));
      }
    }
    for (const [schemaName, schema] of Object.entries(doc.components?.schemas ?? {})) {
      if (!schemaSince.has(schemaName)) schemaSince.set(schemaName, version);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const key = `${schemaName}.${name}`;
        if (seenFields.has(key)) continue;
        seenFields.add(key);
        const field = {
          schema: schemaName,
          name,
          inferred: property["x-zstack-since-inferred"] === true,
          newSchema: schemaSince.get(schemaName) === property["x-zstack-since"],
        };
        changes.get(property["x-zstack-since"])?.fields.added.push(field);
        const removedIn = property["x-zstack-removed-in"];
        if (removedIn) {
          const replacedBy = property["x-zstack-replaced-by"];
          changes.get(removedIn)?.fields.removed.push({ ...field, ...(replacedBy ? { replacedBy } : {}) });
        }
      }
    }
  });
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const bySchema = (a, b) => (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0);
  for (const change of changes.values()) {
    change.operations.added.sort(byName);
    change.operations.removed.sort(byName);
    change.fields.added.sort(bySchema);
    change.fields.removed.sort(bySchema);
  }
  return changes;
}

const code = (text) => `\`${text}\``;
const inferredMark = (inferred) => (inferred ? " *(inferred)*" : "");

function operationLine({ name, method, path, inferred }) {
  return `- ${code(name)}: ${code(`${method} ${path}`)}${inferredMark(inferred)}`;
}

/**
 * One line per schema: its fields in the order the schema lists them. A schema whose fields all arrived with
 * it is called new (`markNew`); when all of several are inferred, one mark says so at the end of the line.
 */
function fieldLines(fields, describe, markNew) {
  const bySchema = new Map();
  for (const field of fields) bySchema.set(field.schema, [...(bySchema.get(field.schema) ?? []), field]);
  return [...bySchema].map(([schema, list]) => {
    const note = markNew && list.every((f) => f.newSchema) ? " (a new schema)" : "";
    const allInferred = list.length > 1 && list.every((f) => f.inferred);
    const names = list.map((f) => describe(f, !allInferred)).join(", ");
    return `- ${code(schema)}${note}: ${names}${allInferred ? " *(all inferred)*" : ""}`;
  });
}

/** The section of api-changes.md for one version, without its heading. */
export function versionSection(change, first) {
  const lines = [];
  const { operations, fields } = change;
  if (operations.added.length) lines.push("Operations added:", "", ...operations.added.map(operationLine), "");
  if (operations.removed.length) lines.push("Operations removed:", "", ...operations.removed.map(operationLine), "");
  // The first version introduces every field: only those whose version is inferred are worth a line.
  const added = first ? fields.added.filter((f) => f.inferred) : fields.added;
  if (first) lines.push("Every field of these operations is in this version unless a later version lists it.", "");
  if (added.length) {
    const heading = first ? "Fields whose version is inferred:" : "Fields added:";
    const describe = (f, mark) => `${code(f.name)}${inferredMark(mark && f.inferred)}`;
    lines.push(heading, "", ...fieldLines(added, describe, !first), "");
  }
  if (fields.removed.length) {
    const describe = (f) => `${code(f.name)}${f.replacedBy ? ` (replaced by ${code(f.replacedBy)})` : ""}`;
    lines.push("Fields removed:", "", ...fieldLines(fields.removed, describe, false), "");
  }
  if (lines.length === 0) lines.push("No operation or field added or removed.", "");
  return lines.join("\n");
}

/** generated/api-changes.md: newest version first, as changelogs read. */
export function apiChangesMarkdown(documents, versions) {
  const changes = versionChanges(documents, versions);
  const sections = [...versions]
    .reverse()
    .map((v) => `## ${v}\n\n${versionSection(changes.get(v), v === versions[0])}`);
  return [
    "# What each API version added and removed",
    "",
    "Generated by `npm run generate` from spec/ (the documents' `x-zstack-since`, `x-zstack-removed-in` and",
    "`x-zstack-since-inferred`): do not edit. *(inferred)* marks a version that no ZStack document states; it",
    "follows the rule in DESIGN.md (present in the 5.1.20 SDK: the operation's own version; first in the 5.3.20",
    "SDK: 5.3.20; only in newer sources: the newest version described). Fields are listed by the schema that",
    "holds them, as the published documents name it.",
    "",
    `Versions, oldest first: ${versions.join(", ")}.`,
    "",
    sections.join("\n").trimEnd(),
    "",
  ].join("\n");
}
