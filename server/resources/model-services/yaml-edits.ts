// UpdateModelService's fields that live in the service YAML (spec/model-services/models.tsp says which and
// where): applied to the stored text with the `yaml` package's Document API, which keeps the document's
// comments, key order and layout, so that a user's annotated YAML survives an update. js-yaml, which checks
// the YAML elsewhere, can only re-dump a value and would drop every comment.
import { isMap, isSeq, parseDocument, type Document } from "yaml";
import { zstackErrors, type ZStackError } from "../../zstack/errors.js";

/** The update fields written into the YAML, and where: `services[0].<key>` or a top-level key. */
const placements = {
  serviceName: { path: ["services", 0, "name"] },
  servicePorts: { path: ["services", 0, "ports"] },
  serviceLivez: { path: ["services", 0, "livez"] },
  serviceReadyz: { path: ["services", 0, "readyz"] },
  serviceBootupTime: { path: ["services", 0, "serviceBootupTime"] },
  environmentParameters: { path: ["env"] },
  startupParameters: { path: ["startupParameters"] },
  inferenceParams: { path: ["inferenceParams"] },
} as const;

export type YamlField = keyof typeof placements;
export const yamlFields = Object.keys(placements) as YamlField[];
export type YamlEdits = Partial<Record<YamlField, unknown>>;

/** The edits an update carries, in the YAML's terms (`environmentParameters` becomes `key:value` items). */
function valueFor(field: YamlField, value: unknown): unknown {
  if (field !== "environmentParameters") return value;
  return Object.entries(value as Record<string, string>).map(([key, v]) => `${key}:${v}`);
}

/**
 * The YAML text with the edits applied, or the SYS.1007 error naming each edited field and why it cannot be
 * applied: the text does not parse (possible when it was stored under `--yaml-check off`), has no mapping at
 * its top, or has no `services` list with a first entry to change.
 */
export function applyYamlEdits(
  text: string,
  edits: YamlEdits,
  envelope: string,
): { yaml: string } | { error: ZStackError } {
  const fields = yamlFields.filter((field) => edits[field] !== undefined);
  const fail = (why: string, which: readonly YamlField[] = fields) =>
    ({
      error: zstackErrors.invalidArgument(
        which.map((field) => `${envelope}.${field}: cannot be applied: ${why}`).join("; "),
      ),
    }) as const;

  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return fail(`the service YAML does not parse (${firstLine(doc.errors[0]!.message)})`);
  if (!isMap(doc.contents)) return fail("the service YAML's top level is not a mapping");
  const serviceFields = fields.filter((field) => placements[field].path[0] === "services");
  const services = doc.get("services", true);
  if (serviceFields.length > 0 && !(isSeq(services) && isMap(services.items[0]))) {
    return fail("the service YAML has no `services` list whose first entry is a mapping", serviceFields);
  }
  for (const field of fields) replaceValue(doc, placements[field].path, valueFor(field, edits[field]));
  // Re-stringifying is where layout could change: no line folding (long commands stay on their line) and
  // flow lists as people write them (`[3000]`, not the package's default `[ 3000 ]`).
  return { yaml: doc.toString({ lineWidth: 0, flowCollectionPadding: false }) };
}

/**
 * Sets a value, keeping the node that held the old one where it can: a list or map keeps its style (flow
 * `[3000]` stays flow) and its comments, a scalar its comment.
 */
function replaceValue(doc: Document, path: readonly (string | number)[], value: unknown): void {
  const existing = doc.getIn(path, true);
  if (isSeq(existing) && Array.isArray(value)) {
    existing.items = value.map((item) => doc.createNode(item));
  } else if (isMap(existing) && value !== null && typeof value === "object" && !Array.isArray(value)) {
    existing.items = (doc.createNode(value) as typeof existing).items;
  } else if (value !== null && typeof value === "object") {
    doc.setIn(path, doc.createNode(value));
  } else {
    doc.setIn(path, value); // a scalar: the yaml package changes the existing scalar node's value in place
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/:$/, "");
}
