// Dates in query conditions: ZStack's Gson form (`Nov 24, 2026 4:20:13 PM`, wall-clock time in the server's
// time zone) and ISO-8601, both to epoch milliseconds, which is how the stores keep dates.
import { zoneOffsetAt } from "../gson-date.js";

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The same forms as the client's parseGsonDate (client/dates.ts), pinned by test/fixtures/gson-dates.ts.
// Java 20+ writes a narrow no-break space before AM/PM and some SDKs a comma after the year; case is ignored, as
// Java's DateFormat ignores it. An offset needs a time of day to belong to.
const gsonPattern = /^([A-Za-z]{3}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[ \u00a0\u202f]([AaPp][Mm])$/;
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** The epoch of a wall-clock time in `timeZone`; undefined when the components are no real date. */
function wallClockToEpoch(time: WallClock, timeZone: string): number | undefined {
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second, time.ms);
  const check = new Date(asUtc);
  if (
    check.getUTCMonth() !== time.month - 1 ||
    check.getUTCDate() !== time.day ||
    time.hour > 23 ||
    time.minute > 59 ||
    time.second > 59
  )
    return undefined;
  // Across a DST change, try the offsets before and after it: an hour the change repeats reads as its earlier
  // instant; an hour it skips reads with the offset before the change (that much later), as java.time does.
  const day = 86_400_000;
  const before = asUtc - zoneOffsetAt(asUtc - day, timeZone);
  const after = asUtc - zoneOffsetAt(asUtc + day, timeZone);
  const matching = [before, after].filter((epoch) => epoch + zoneOffsetAt(epoch, timeZone) === asUtc);
  return matching.length > 0 ? Math.min(...matching) : before;
}

function parseGson(text: string, timeZone: string): number | undefined {
  const match = gsonPattern.exec(text);
  if (!match) return undefined;
  const [, monthName, day, year, hour, minute, second, meridiem] = match as unknown as string[];
  const month = months.findIndex((name) => name.toLowerCase() === monthName!.toLowerCase()) + 1;
  const hour12 = Number(hour);
  if (month === 0 || hour12 < 1 || hour12 > 12) return undefined;
  const hour24 = (hour12 % 12) + (meridiem!.toUpperCase() === "PM" ? 12 : 0);
  return wallClockToEpoch(
    {
      year: Number(year),
      month,
      day: Number(day),
      hour: hour24,
      minute: Number(minute),
      second: Number(second),
      ms: 0,
    },
    timeZone,
  );
}

function parseIso(text: string, timeZone: string): number | undefined {
  const match = isoPattern.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const time: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    ms: Number((fraction ?? "0").padEnd(3, "0").slice(0, 3)),
  };
  if (!zone) return wallClockToEpoch(time, timeZone);
  const local = wallClockToEpoch(time, "UTC");
  if (local === undefined) return undefined;
  if (zone.toUpperCase() === "Z") return local;
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  if (Number(hours) > 23 || Number(minutes ?? 0) > 59) return undefined;
  const offset = (Number(hours) * 60 + Number(minutes ?? 0)) * 60_000;
  return sign === "+" ? local - offset : local + offset;
}

/** A date in the Gson form (in `timeZone`) or ISO-8601 (in `timeZone` unless it names its own offset). */
export function parseQueryDate(text: string, timeZone: string): number | undefined {
  const trimmed = text.trim();
  return parseGson(trimmed, timeZone) ?? parseIso(trimmed, timeZone);
}
