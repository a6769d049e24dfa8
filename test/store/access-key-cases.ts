// Access keys in either store: ZStack's capitalised `AccessKeyID` / `AccessKeySecret` fields round-trip through
// their irregular columns (tables.ts), can be queried by id (what request signing does), and a second key with a
// taken AccessKeyID is refused by the unique index with DuplicateKeyError("unique").
import { describe, expect, it } from "vitest";
import { DuplicateKeyError, type Store, type StoredRecord } from "../../server/store/types.js";
import { makeJob, newUuid } from "./store-fixtures.js";

function makeKey(overrides: Record<string, unknown> = {}): StoredRecord {
  return {
    uuid: newUuid(),
    accountUuid: "36c27e8ff05c4780bf6d2fa65700f22e",
    userUuid: "36c27e8ff05c4780bf6d2fa65700f22e",
    AccessKeyID: `id${newUuid().slice(0, 16)}`,
    AccessKeySecret: "secret0123456789secret0123456789",
    state: "Enabled",
    type: "User",
    createDate: 1_000,
    lastOpDate: 1_000,
    tagUuids: [newUuid()],
    ...overrides,
  };
}

export function defineAccessKeyCases(store: () => Store): void {
  describe("access keys", () => {
    it("keeps AccessKeyID and AccessKeySecret in their columns and finds a key by its id", async () => {
      const key = makeKey();
      await store().insert("access_keys", key, makeJob({ apiName: "CreateAccessKey" }));
      expect(await store().get("access_keys", key.uuid)).toEqual(key);
      const { records } = await store().query("access_keys", {
        conditions: [{ field: "AccessKeyID", op: "=", values: [String(key.AccessKeyID)] }],
        limit: 1,
        start: 0,
        count: false,
        replyWithCount: false,
      });
      expect(records).toEqual([key]);
    });

    it("refuses a taken AccessKeyID with DuplicateKeyError naming its column", async () => {
      const key = makeKey();
      await store().insert("access_keys", key, makeJob());
      const error = await store()
        .insert("access_keys", makeKey({ AccessKeyID: key.AccessKeyID }), makeJob())
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DuplicateKeyError);
      expect(error).toMatchObject({ key: "unique", column: "access_key_id" });
    });
  });
}
