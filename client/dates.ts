// Gson's default date format as ZStack sends it (`Nov 24, 2026 4:20:13 PM`, in the server's time zone, with no
// zone in the text), converted with Intl only so that the same code runs in browsers.

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The same forms as the server's query-date parser (server/zstack/query/dates.ts), pinned by
// test/fixtures/gson-dates.ts. JDK 20+ writes a narrow no-break space before AM/PM and newer JDKs a comma after
// the year; case is ignored, as Java's DateFormat ignores it. An offset needs a time of day to belong to.
const gsonPattern = /^([A-Za-z]{3}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[ \u00a0\u202f]([AaPp][Mm])$/;
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter of wall-clock parts in `timeZone`; cached because building one is costly. */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function toWallTime(date: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of wallClock(timeZone).formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    millisecond: date.getUTCMilliseconds(),
  };
}

function wallTimeAsUtc(t: WallTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
}

/** How far `timeZone` is ahead of UTC at the instant `epoch`, in milliseconds. */
function offsetAt(epoch: number, timeZone: string): number {
  return wallTimeAsUtc(toWallTime(new Date(epoch), timeZone)) - epoch;
}

/**
 * The instant at which the clocks in `timeZone` show `t`. Across a DST change the offsets before and after it
 * are tried: when both show `t` (an hour the change repeats) the earlier instant wins; when neither does (an hour
 * it skips) the offset before the change is used, which reads the time as that much later, as java.time does.
 */
function fromWallTime(t: WallTime, timeZone: string): Date {
  const asUtc = wallTimeAsUtc(t);
  const day = 86_400_000;
  const before = asUtc - offsetAt(asUtc - day, timeZone);
  const after = asUtc - offsetAt(asUtc + day, timeZone);
  const shows = (epoch: number) => wallTimeAsUtc(toWallTime(new Date(epoch), timeZone)) === asUtc;
  const matching = [before, after].filter(shows);
  return new Date(matching.length > 0 ? Math.min(...matching) : before);
}

function invalid(text: string): RangeError {
  return new RangeError(
    `not a ZStack date: ${JSON.stringify(text)} (expected e.g. "Nov 24, 2026 4:20:13 PM" or ISO-8601)`,
  );
}

/**
 * Parses a date as ZStack sends it, read as wall-clock time in `timeZone` (the server's `--time-zone`).
 * Also accepts ISO-8601 (a date alone is its midnight); an ISO text with an offset or `Z` keeps its own zone.
 * Throws a RangeError otherwise.
 */
export function parseGsonDate(text: string, timeZone = "UTC"): Date {
  const trimmed = text.trim();
  const gson = gsonPattern.exec(trimmed);
  if (gson) {
    const [, monthName, day, year, hour12, minute, second, period] = gson;
    const month = months.findIndex((name) => name.toLowerCase() === monthName!.toLowerCase()) + 1;
    const hour = Number(hour12);
    if (month === 0 || hour < 1 || hour > 12) throw invalid(text);
    const wall = {
      year: Number(year),
      month,
      day: Number(day),
      hour: (hour % 12) + (period!.toUpperCase() === "PM" ? 12 : 0),
      minute: Number(minute),
      second: Number(second),
      millisecond: 0,
    };
    return checked(wall, fromWallTime(wall, timeZone), text);
  }
  const iso = isoPattern.exec(trimmed);
  if (iso) {
    const wall = {
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: Number(iso[4] ?? 0),
      minute: Number(iso[5] ?? 0),
      second: Number(iso[6] ?? 0),
      millisecond: Number((iso[7] ?? "0").padEnd(3, "0").slice(0, 3)),
    };
    const zone = iso[8];
    if (!zone) return checked(wall, fromWallTime(wall, timeZone), text);
    const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
    if (Number(hours ?? 0) > 23 || Number(minutes ?? 0) > 59) throw invalid(text);
    const offset = (Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60_000 * (sign === "-" ? -1 : 1);
    return checked(wall, new Date(wallTimeAsUtc(wall) - offset), text);
  }
  throw invalid(text);
}

/** Rejects impossible dates (`Feb 30`, `25:00`), which Date.UTC would silently roll over. */
function checked(wall: WallTime, date: Date, text: string): Date {
  const rolled = new Date(wallTimeAsUtc(wall));
  if (
    rolled.getUTCDate() !== wall.day ||
    rolled.getUTCMonth() + 1 !== wall.month ||
    rolled.getUTCHours() !== wall.hour ||
    rolled.getUTCMinutes() !== wall.minute ||
    rolled.getUTCSeconds() !== wall.second ||
    Number.isNaN(date.getTime())
  ) {
    throw invalid(text);
  }
  return date;
}

/** Formats a date the way ZStack sends it (`Nov 24, 2026 4:20:13 PM`), in `timeZone`, with plain spaces. */
export function formatGsonDate(date: Date, timeZone = "UTC"): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("cannot format an invalid Date");
  const t = toWallTime(date, timeZone);
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${hour12}:${pad(t.minute)}:${pad(t.second)}`;
  return `${months[t.month - 1]} ${t.day}, ${t.year} ${time} ${t.hour < 12 ? "AM" : "PM"}`;
}

/** The inventory fields that carry dates. */
export const dateFields = ["createDate", "lastOpDate", "expiredDate"] as const;
export type DateField = (typeof dateFields)[number];

/** `T` with its date fields, at any depth, typed as `Date` instead of the wire's string. */
export type WithDates<T> = T extends readonly (infer Item)[]
  ? WithDates<Item>[]
  : T extends object
    ? { [K in keyof T]: K extends DateField ? Date | Extract<T[K], undefined> : WithDates<T[K]> }
    : T;

/** A copy of `value` whose date fields, at any depth, are parsed into `Date`s in `timeZone`. */
export function reviveDates<T>(value: T, timeZone: string): WithDates<T> {
  if (Array.isArray(value)) return value.map((item) => reviveDates(item, timeZone)) as WithDates<T>;
  if (typeof value !== "object" || value === null) return value as WithDates<T>;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      typeof field === "string" && (dateFields as readonly string[]).includes(key)
        ? parseGsonDate(field, timeZone)
        : reviveDates(field, timeZone);
  }
  return copy as WithDates<T>;
}
