// What `npm test` calls a breaking change between two OpenAPI documents, found by api-smart-diff (a maintained
// diff tool, not a comparison of our own) and held to this package's rules: request schemas are closed, so a
// removed request field breaks the clients that send it, and a removed answer field breaks those that read it;
// the tool itself classifies removed operations, new required fields and narrowed types, enums and limits.
// A removal is allowed only where the spec declares it: a field with `@removed` (the older document says
// `x-zstack-removed-in`), an operation that the version before still has.
import { execFileSync } from "node:child_process";
import { apiCompare } from "api-smart-diff";
import { load } from "js-yaml";
import { type Json, repoRoot } from "../helpers/documents.js";

/** Keys that say nothing about the wire: left out before diffing, which also keeps the diff fast. */
const prose = new Set(["description", "summary", "examples", "example", "tags", "x-zstack-since"]);

/** A copy of `doc` without its prose and examples (a property named like them stays). */
export function wireShape(value: Json, parentKey = ""): Json {
  if (Array.isArray(value)) return value.map((item) => wireShape(item));
  if (value === null || typeof value !== "object") return value;
  const keep = parentKey === "properties" ? () => true : (key: string) => !prose.has(key);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => keep(key))
      .map(([key, item]) => [key, wireShape(item, key)]),
  );
}

function operationIds(doc: Json): Set<string> {
  return new Set(
    Object.values(doc.paths as Record<string, Json>).flatMap((item) =>
      Object.values(item as Record<string, Json>)
        .map((op) => op?.operationId)
        .filter(Boolean),
    ),
  );
}

/** Whether a schema of `doc` marks property `name` as removed in `version` (the spec's @removed). */
function removalDeclared(doc: Json | undefined, name: string, version: string): boolean {
  return Object.values((doc?.components?.schemas ?? {}) as Record<string, Json>).some(
    (schema) => schema.properties?.[name]?.["x-zstack-removed-in"] === version,
  );
}

/**
 * The breaking changes from `before` to `after` (two documents of one API, `after` newer or regenerated), each
 * a sentence naming the operation and what changed. `previous` is the document of the version before `after`,
 * as the spec now generates it: where removals are declared.
 */
export function breakingChanges(before: Json, after: Json, previous: Json | undefined): string[] {
  const version: string = after.info.version;
  const previousOperations = previous ? operationIds(previous) : new Set<string>();
  const { diffs } = apiCompare(wireShape(before), wireShape(after));
  const found = new Set<string>();
  for (const diff of diffs) {
    const [root, path, method] = diff.path as string[];
    if (root !== "paths" || path === undefined) continue;
    const operation = (method && (before.paths[path]?.[method] ?? after.paths[path]?.[method])) || undefined;
    const where = operation ? `${method!.toUpperCase()} ${path} (${operation.operationId})` : path;
    const isOperation = diff.path.length === 3 && diff.action === "remove";
    if (isOperation) {
      if (!previousOperations.has(operation?.operationId)) found.add(`${where}: the operation is removed`);
      continue;
    }
    const field = diff.path.at(-2) === "properties" ? String(diff.path.at(-1)) : undefined;
    const removedField = diff.action === "remove" && field !== undefined;
    if (removedField && removalDeclared(previous, field, version)) continue;
    if (diff.type !== "breaking" && !removedField) continue;
    if (diff.action === "add" && widensAlternatives(diff.path as (string | number)[])) continue;
    const text = diff.description ?? `${diff.action} ${diff.path.slice(3).join(".")}`;
    found.add(`${where}: ${text}`);
  }
  return [...found].sort();
}

/**
 * Two additions the tool counts as breaking that break no client. A request body that is one of several
 * alternatives (the shared PUT: `updateModelService` or `deployModelService`) requires each alternative's own key
 * there, and an old body still matches its alternative (the contract tests send UpdateModelService's bodies). An
 * answer that is any of several shapes gaining one (GetApiJob's job results, when a version adds an asynchronous
 * API) shows a caller of the older APIs what it showed before.
 */
function widensAlternatives(path: readonly (string | number)[]): boolean {
  const requiredInOneOf = path.includes("oneOf") && path.at(-2) === "required";
  const newAnswerShape = path.includes("responses") && path.at(-2) === "anyOf";
  return requiredInOneOf || newAnswerShape;
}

/**
 * The revision whose documents count as published: `ZMS_COMPAT_BASE` if set (e.g. the last release's tag); else
 * HEAD while spec/ or generated/ have uncommitted changes (a change being made), and otherwise HEAD~1, the
 * commit before the latest change (a clean checkout, as in CI, where HEAD already is the change).
 */
export function compatibilityBase(): string {
  if (process.env.ZMS_COMPAT_BASE) return process.env.ZMS_COMPAT_BASE;
  try {
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "spec", "generated"], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return dirty.trim() ? "HEAD" : "HEAD~1";
  } catch {
    return "HEAD";
  }
}

/** A published document as committed at `revision` (git), or undefined where that revision has none. */
export function publishedAt(revision: string, file: string): Json | undefined {
  try {
    const text = execFileSync("git", ["show", `${revision}:${file}`], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 * 1024 * 1024,
    });
    return load(text);
  } catch {
    return undefined;
  }
}
