// The fast Gson date formatter must write exactly what Intl writes, in every zone and across offset changes.
import fc from "fast-check";
import { expect, it } from "vitest";
import { gsonDateFormatter, intlGsonDateFormatter } from "../../server/zstack/gson-date.js";

const zones = [
  "UTC",
  "Asia/Shanghai",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Pacific/Chatham",
];

it("formats as Intl does, for any instant from 1900 to 2100 and around daylight-saving changes", () => {
  for (const zone of zones) {
    const fast = gsonDateFormatter(zone);
    const reference = intlGsonDateFormatter(zone);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (epochMs) => {
        expect(fast(epochMs)).toBe(reference(epochMs));
      }),
      { numRuns: 300, seed: 6 },
    );
    // Every second of the hours around 2026's changes in the zones that have them (and some that do not).
    for (const change of [
      Date.UTC(2026, 2, 8, 7),
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 3, 5, 1),
      Date.UTC(2026, 9, 4, 15),
      Date.UTC(2026, 10, 1, 6),
    ]) {
      for (let t = change - 3600_000; t <= change + 3600_000; t += 997) expect(fast(t)).toBe(reference(t));
    }
  }
});

it("writes the document's style: short month, 12-hour clock, AM/PM after a plain space", () => {
  expect(gsonDateFormatter("UTC")(Date.UTC(2026, 10, 24, 16, 20, 13, 999))).toBe("Nov 24, 2026 4:20:13 PM");
  expect(gsonDateFormatter("Asia/Shanghai")(Date.UTC(2026, 0, 1, 16, 5, 9))).toBe("Jan 2, 2026 12:05:09 AM");
  expect(gsonDateFormatter("UTC")(Date.UTC(2026, 0, 1, 12, 0, 0))).toBe("Jan 1, 2026 12:00:00 PM");
});
