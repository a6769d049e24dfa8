// The client's parseGsonDate and the server's query-date parser, each its own copy, read the same texts the
// same way: every row of test/fixtures/gson-dates.ts and test/fixtures/dst.ts against both.
import { describe, expect, it } from "vitest";
import { parseGsonDate } from "../../client/index.js";
import { parseQueryDate } from "../../server/zstack/query/dates.js";
import { gsonDatesAcrossDst } from "../fixtures/dst.js";
import { gsonDateForms } from "../fixtures/gson-dates.js";

function clientReads(text: string, timeZone: string): number | null {
  try {
    return parseGsonDate(text, timeZone).getTime();
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    return null;
  }
}

const serverReads = (text: string, timeZone: string): number | null => parseQueryDate(text, timeZone) ?? null;

describe.each([
  ["client", clientReads],
  ["server", serverReads],
])("the %s's parser", (_, reads) => {
  it.each(gsonDateForms)("%s: %j in %s", (_what, text, timeZone, iso) => {
    expect(reads(text, timeZone)).toBe(iso === null ? null : Date.parse(iso));
  });

  it.each(gsonDatesAcrossDst)("across a DST change, %s", (_what, text, timeZone, iso) => {
    expect(reads(text, timeZone)).toBe(Date.parse(iso));
  });
});
