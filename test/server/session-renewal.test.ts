// Issue 8 point 4: sliding expiry must not turn every read into a write. A session used 1,000 times within
// one --session-renew-interval is renewed (written) at most once; the next use after the interval renews it
// again. The renewal time lives in the database, so the rule holds across instances sharing it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Request } from "express";
import { afterAll, expect, it, vi } from "vitest";
import { sessionAuthenticator } from "../../server/accounts/auth.js";
import type { ResolvedOptions } from "../../server/options.js";
import { openStore } from "../../server/store/index.js";
import type { Store } from "../../server/store/types.js";

const dir = mkdtempSync(join(tmpdir(), "zms-renewal-"));
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

it("writes a renewal at most once per interval however often the session is used", async () => {
  const store = await openStore(join(dir, "renewal.db"));
  const renewals: number[] = [];
  // The real store, with its renewal writes counted.
  const counting: Store = Object.create(store, {
    renewSession: {
      value: (uuid: string, expiresAt: number, now: number) => {
        renewals.push(now);
        return store.renewSession(uuid, expiresAt, now);
      },
    },
  });
  let clock = Date.UTC(2026, 10, 24, 12);
  vi.spyOn(Date, "now").mockImplementation(() => clock);
  const options = { sessionTimeout: 7200, sessionRenewInterval: 60 } as ResolvedOptions;
  const authenticate = sessionAuthenticator(counting, options);
  const uuid = "5e55".repeat(8);
  await store.createSession(
    {
      uuid,
      accountUuid: "a".repeat(32),
      userUuid: "a".repeat(32),
      userType: "AccountVO",
      createdAt: clock,
      expiresAt: clock + 7_200_000,
      renewedAt: clock,
    },
    500,
    clock,
  );
  const use = () => authenticate({ headers: { authorization: `OAuth ${uuid}` } } as Request);
  try {
    // 1,000 uses spread over 59 s: no write at all (the login just wrote it).
    for (let i = 0; i < 1000; i++) {
      clock += 59;
      await use();
    }
    expect(renewals).toEqual([]);
    // The interval has passed: the next use writes once, the following 999 uses in the interval do not.
    clock += 1_000;
    for (let i = 0; i < 1000; i++) {
      await use();
      clock += 50;
    }
    expect(renewals).toHaveLength(1);
    // And the write moved the expiry: the session lives 7,200 s from that use.
    expect((await store.getSession(uuid, clock))?.expiresAt).toBe(renewals[0]! + 7_200_000);
  } finally {
    await store.close();
  }
});
