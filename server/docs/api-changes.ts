// The reference page shows what the version it renders added and removed: its section of
// generated/api-changes.md (written by `npm run generate` from the documents), turned into HTML here.
// The file only uses lists, `code` and *emphasis*, so a Markdown library would be a dependency for nothing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generatedDir } from "../package-root.js";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** `code` and *emphasis* of one escaped line. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>");
}

/** The Markdown section under `## <version>`, or undefined. */
export function changesMarkdown(markdown: string, version: string): string | undefined {
  const heading = `\n## ${version}\n`;
  const start = markdown.indexOf(heading);
  if (start === -1) return undefined;
  const end = markdown.indexOf("\n## ", start + heading.length - 1);
  return markdown.slice(start + heading.length, end === -1 ? undefined : end).trim();
}

/** One section as HTML: paragraphs and lists. */
export function changesHtml(section: string): string {
  const html: string[] = [];
  let list = false;
  for (const line of section.split("\n")) {
    const item = /^- (.*)$/.exec(line);
    if (item && !list) html.push("<ul>");
    if (!item && list) html.push("</ul>");
    list = Boolean(item);
    if (item) html.push(`<li>${inline(item[1]!)}</li>`);
    else if (line.trim()) html.push(`<p>${inline(line)}</p>`);
  }
  if (list) html.push("</ul>");
  return html.join("\n");
}

/** Each version's changes as HTML, read once from generated/api-changes.md (absent: none shown). */
export function loadVersionChanges(versions: readonly string[]): Map<string, string> {
  const path = join(generatedDir, "api-changes.md");
  const markdown = existsSync(path) ? readFileSync(path, "utf8") : "";
  const changes = new Map<string, string>();
  for (const version of versions) {
    const section = changesMarkdown(markdown, version);
    if (section !== undefined) changes.set(version, changesHtml(section));
  }
  return changes;
}
