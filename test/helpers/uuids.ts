// ZStack uuids for tests: 32 lowercase hex digits, the form resourceUuid, X-Job-UUID and session ids take.
import { randomUUID } from "node:crypto";

/** A fresh, valid ZStack uuid. */
export const newUuid = (): string => randomUUID().replace(/-/g, "");
