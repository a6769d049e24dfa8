// Types of api-changes.mjs, for the tests that call it.
export interface OperationChange {
  name: string;
  method: string;
  path: string;
  inferred: boolean;
}
export interface FieldChange {
  schema: string;
  name: string;
  inferred: boolean;
  newSchema: boolean;
  replacedBy?: string;
}
export interface VersionChange {
  operations: { added: OperationChange[]; removed: OperationChange[] };
  fields: { added: FieldChange[]; removed: FieldChange[] };
}
// biome-ignore lint/suspicious/noExplicitAny: parsed OpenAPI documents, walked by key.
type Document = any;
export function versionAnchor(version: string): string;
export function linkApiChanges(documents: Document[], versions: string[]): void;
export function versionChanges(documents: Document[], versions: string[]): Map<string, VersionChange>;
export function versionSection(change: VersionChange, first: boolean): string;
export function apiChangesMarkdown(documents: Document[], versions: string[]): string;
