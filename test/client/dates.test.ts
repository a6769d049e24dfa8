// Gson dates in and out, in any time zone, and the client's `dates: "date"` mode.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createZStackClient, formatGsonDate, parseGsonDate, reviveDates } from "../../client/index.js";
import { accepted, base, fakeZStack, jobUuid, json } from "./fake-zstack.js";

const instant = new Date(Date.UTC(2026, 10, 24, 16, 20, 13));

// Which texts parseGsonDate reads, and as what, is pinned with the server's parser in test/server/date-parsers.test.ts.
describe("formatGsonDate", () => {
  it("writes Gson's format with plain spaces", () => {
    expect(formatGsonDate(instant)).toBe("Nov 24, 2026 4:20:13 PM");
    expect(formatGsonDate(instant, "Asia/Shanghai")).toBe("Nov 25, 2026 12:20:13 AM");
    expect(formatGsonDate(new Date(Date.UTC(2026, 0, 5, 0, 5, 9)))).toBe("Jan 5, 2026 12:05:09 AM");
    expect(() => formatGsonDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("round-trips any second in any of several zones", () => {
    const zones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.constantFrom(...zones), (seconds, zone) => {
        const date = new Date(seconds * 1000);
        const text = formatGsonDate(date, zone);
        const back = parseGsonDate(text, zone);
        // A repeated hour reads back as its first occurrence; either way the text is the same.
        expect(formatGsonDate(back, zone)).toBe(text);
        expect(date.getTime() - back.getTime()).toBeGreaterThanOrEqual(0);
        expect(date.getTime() - back.getTime()).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dates: "date"', () => {
  const inventory = {
    uuid: "a".repeat(32),
    name: "svc",
    createDate: "Nov 24, 2026 4:20:13 PM",
    lastOpDate: "Nov 24, 2026 4:20:14 PM",
    modelServiceImages: [{ uuid: "b".repeat(32), createDate: "Nov 24, 2026 4:20:13 PM" }],
  };

  it("returns inventories with Dates, read in the client's time zone", async () => {
    const fake = fakeZStack({
      "POST /zstack/v1/ai/model-services": accepted,
      [`GET /zstack/v1/api-jobs/${jobUuid}`]: () => json(200, { inventory }),
      "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [inventory] }),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, dates: "date", timeZone: "Asia/Shanghai" });
    const added = await client.addModelService({
      name: "n",
      yaml: "y",
      modelCenterUuid: "m",
      requestCpu: 1,
      requestMemory: 1,
      installPath: "/",
      startCommand: "s",
    });
    const expected = new Date(Date.UTC(2026, 10, 24, 8, 20, 13));
    expect(added.createDate).toEqual(expected);
    expect(added.lastOpDate).toEqual(new Date(expected.getTime() + 1000));
    expect(added.modelServiceImages?.[0]?.createDate).toEqual(expected);
    expect(added.name).toBe("svc");
    const { inventories } = await client.queryModelServices();
    expect(inventories[0]?.createDate).toBeInstanceOf(Date);
  });

  it("keeps the wire's strings by default", async () => {
    const fake = fakeZStack({ "GET /zstack/v1/ai/model-services": () => json(200, { inventories: [inventory] }) });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch });
    expect((await client.queryModelServices()).inventories[0]).toEqual(inventory);
  });

  it("reviveDates leaves everything but date fields alone", () => {
    expect(
      reviveDates(
        { a: [1, "x", null], createDate: "Nov 24, 2026 4:20:13 PM", other: "Nov 24, 2026 4:20:13 PM" },
        "UTC",
      ),
    ).toEqual({
      a: [1, "x", null],
      createDate: instant,
      other: "Nov 24, 2026 4:20:13 PM",
    });
  });
});
