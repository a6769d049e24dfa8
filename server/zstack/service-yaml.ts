// Checks the service YAML carried in `param.yaml` (DESIGN.md decision 5): parse it safely, then validate
// its shape against generated/service-yaml.schema.json. Problems come back as ready-made detail strings
// that start with the field's name, so the server can put them straight into a SYS.1007 ErrorCode.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { constructFromEvents, EVENT_ALIAS, EVENT_DOCUMENT, parseEvents, YAMLException, type Event } from "js-yaml";
import { generatedDir } from "../package-root.js";

export type ServiceYamlCheck = "strict" | "syntax" | "off";

/** The largest service YAML we parse, in UTF-8 bytes. A service definition is a few hundred bytes. */
export const maxServiceYamlBytes = 64 * 1024;
/** Collections nested deeper than this are not a service definition, only parser work. */
const maxDepth = 32;
/** Enough shape problems to fix a document in one go, without echoing a huge one back. */
const maxShapeProblems = 20;

/**
 * Checks a service YAML. `off` accepts anything (ZStack stores the text unchecked); `syntax` parses only;
 * `strict` parses and validates the shape. Returns the problems, each starting with `field`; empty when fine.
 */
export function checkServiceYaml(text: string, mode: ServiceYamlCheck, field = "param.yaml"): string[] {
  if (mode === "off") return [];
  const parsed = parseServiceYaml(text);
  if ("problem" in parsed) return [`${field}: ${parsed.problem}`];
  if (mode === "syntax") return [];
  return shapeProblems(parsed.value).map((problem) => `${field}: ${problem}`);
}

type Parsed = { value: Record<string, unknown> } | { problem: string };

function parseServiceYaml(text: string): Parsed {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxServiceYamlBytes) return { problem: `is ${bytes} bytes; at most ${maxServiceYamlBytes} are allowed` };

  // Parsing to events first lets us refuse anchors and aliases before anything is constructed, so an
  // alias bomb never gets expanded; the events are then built into values with js-yaml's safe core schema.
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(text, { maxDepth });
    const reference = findAnchorOrAlias(events);
    if (reference)
      return { problem: `${at(text, reference.offset)}${reference.what} are not allowed in a service YAML` };
    documents = constructFromEvents(events, { source: text, maxAliases: 0 });
  } catch (error) {
    if (error instanceof YAMLException) return { problem: describeSyntaxError(text, error) };
    throw error;
  }

  if (documents.length > 1)
    return { problem: `must be a single YAML document, found ${documents.length} (remove the "---" separators)` };
  const value = documents[0];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { problem: `the top level must be a mapping (e.g. "services:"), found ${describeValue(value)}` };
  }
  return { value: value as Record<string, unknown> };
}

function findAnchorOrAlias(events: Event[]): { what: string; offset: number } | undefined {
  for (const event of events) {
    if (event.type === EVENT_DOCUMENT || !("anchorStart" in event) || event.anchorStart < 0) continue;
    // The event's anchor range covers the name only; step back over the "&" or "*" that introduced it.
    const offset = Math.max(0, event.anchorStart - 1);
    return event.type === EVENT_ALIAS ? { what: "aliases (*name)", offset } : { what: "anchors (&name)", offset };
  }
  return undefined;
}

function describeSyntaxError(text: string, error: YAMLException): string {
  if (!error.mark) return error.reason;
  const line = error.mark.line + 1;
  const column = error.mark.column + 1;
  const problem = `line ${line}, column ${column}: ${error.reason}`;
  if (!/indent/i.test(error.reason)) return problem;
  return `${problem}; ${indentationHint(text, line)}`;
}

// The source document prints its YAML with every nested line flattened to a single leading space, which is
// the mistake users copy most; name it when we see it, otherwise give the general rule.
function indentationHint(text: string, line: number): string {
  const indents = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))
    .map((l) => l.length - l.trimStart().length)
    .filter((n) => n > 0);
  if (indents.length > 1 && indents.every((n) => n === 1)) {
    return (
      "the nested lines look flattened to one space: indent each level by two more spaces than its parent " +
      "(list items under a key, then their keys, further still)"
    );
  }
  return (
    `check the indentation at line ${line}: YAML nests by indentation, ` +
    "so each level must be indented further than its parent and siblings must line up"
  );
}

function at(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return `line ${line}, column ${column}: `;
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

let validator: ValidateFunction | undefined;

// Compiled on first use, once: a server started with --yaml-check off or syntax never pays for it.
function serviceYamlValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(generatedDir, "service-yaml.schema.json"), "utf8"));
    // The generated schema is checked against the meta-schema by its own test (test/spec/service-yaml-schema.test.ts):
    // compiling the meta-schema here again was a twentieth of start-up (figures: bench/README.md).
    validator = new Ajv2020({ allErrors: true, strict: true, validateSchema: false }).compile(schema);
  }
  return validator;
}

function shapeProblems(value: Record<string, unknown>): string[] {
  const validate = serviceYamlValidator();
  if (validate(value)) return [];
  const messages = collapseAlternatives(validate.errors ?? []).map(({ path, message }) =>
    path === "" ? message : `${path}: ${message}`,
  );
  return [...new Set(messages)].slice(0, maxShapeProblems);
}

/**
 * Ajv reports an `anyOf` as one error per failed branch plus the `anyOf` itself. When some branch fitted
 * the value's type and failed inside it, its inner errors are what the user needs; otherwise one line
 * saying which types are allowed. A missing property is named by its own path.
 */
function collapseAlternatives(errors: ErrorObject[]): { path: string; message: string }[] {
  const isAlternative = (e: ErrorObject) => e.keyword === "anyOf" || e.keyword === "oneOf";
  const under = (e: ErrorObject, path: string) => e.instancePath.startsWith(`${path}/`);
  const alternativePaths = errors.filter(isAlternative).map((e) => e.instancePath);
  const result: { path: string; message: string }[] = [];
  for (const error of errors) {
    if (isAlternative(error)) {
      if (errors.some((e) => !isAlternative(e) && under(e, error.instancePath))) continue;
      const types = errors
        .filter((e) => e.keyword === "type" && e.instancePath === error.instancePath)
        .map((e) => String(e.params.type));
      const message =
        types.length > 0 ? `must be ${[...new Set(types)].join(" or ")}` : "must match one of its allowed forms";
      result.push({ path: yamlPath(error.instancePath), message });
    } else if (alternativePaths.includes(error.instancePath)) {
    } else if (error.keyword === "required") {
      result.push({
        path: yamlPath(`${error.instancePath}/${String(error.params.missingProperty)}`),
        message: "is required",
      });
    } else {
      result.push({ path: yamlPath(error.instancePath), message: error.message ?? "is invalid" });
    }
  }
  return result;
}

/** `/services/0/ports/1` → `services[0].ports[1]`, the way a user reads a path into the YAML. */
function yamlPath(pointer: string): string {
  if (pointer === "") return "";
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((key, i) =>
      /^\d+$/.test(key)
        ? `[${key}]`
        : /^[A-Za-z_$][\w$-]*$/.test(key)
          ? `${i === 0 ? "" : "."}${key}`
          : `[${JSON.stringify(key)}]`,
    )
    .join("");
}
