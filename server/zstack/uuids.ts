// Identifiers, in ZStack's form: 32 lowercase hex characters, no dashes, UUID version and variant bits set (ZStack
// accepts only versions 1–5 from clients, so ours pass anywhere a ZStack uuid goes).
import { randomUUID } from "node:crypto";

/** A fully random (v4) uuid: for what is a credential, such as a session's uuid. */
export function randomUuid(): string {
  return randomUUID().replaceAll("-", "");
}

/**
 * A uuid for a new resource or job: v4 in form, its first 48 bits the creation time in milliseconds, the other 74
 * still random (the "COMB" layout). Stored uuids are index keys; random ones put every insert at a random leaf
 * of each uuid index, a page written again at each commit. Time-first ones append, so a commit rewrites the
 * index's last page only: less SQLite time and fewer WAL pages per add (figures: bench/README.md).
 */
export function newUuid(): string {
  // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: its last 20 hex digits, version and variant included
  const random = randomUUID();
  return timeHex() + random.slice(14, 18) + random.slice(19, 23) + random.slice(24);
}

let lastMs = -1;
let lastHex = "";
/** The current millisecond as 12 hex digits (computed once per millisecond: adds come many to a millisecond). */
function timeHex(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastHex = now.toString(16).padStart(12, "0");
  }
  return lastHex;
}
