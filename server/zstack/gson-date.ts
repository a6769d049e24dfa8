// Gson's default date format (`Nov 24, 2026 4:20:13 PM`) in one IANA time zone, fast enough for a page of 50
// inventories with 150 different dates. Intl.DateTimeFormat#formatToParts is slow for that and allocates an
// array of parts per call; most of its cost is the time-zone lookup (figures: bench/README.md). So Intl is
// asked only for the zone's UTC offset, once per 15-minute slice of time (every real offset change happens on
// a quarter hour, and a slice whose two ends disagree is never cached), and the text is assembled with
// integer arithmetic.
import { BoundedMap } from "../performance/bounded-map.js";

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const sliceMs = 15 * 60 * 1000;
/** Slices remembered per formatter: bounded, so odd dates cannot grow it (a few days of slices). */
const maxCachedSlices = 1024;

/** Formats with Intl alone: the reference, and the fallback for years outside 1000–9999. */
export function intlGsonDateFormatter(timeZone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    hour12: true,
  });
  return (epochMs) => {
    const part: Record<string, string> = {};
    for (const { type, value } of format.formatToParts(epochMs)) part[type] = value;
    // Assembled by hand: Intl puts a narrow no-break space before AM/PM, which ZStack's SDKs cannot parse.
    const time = `${part.hour}:${part.minute}:${part.second}`;
    return `${part.month} ${part.day}, ${part.year} ${time} ${part.dayPeriod?.toUpperCase()}`;
  };
}

/** Bounded too: time zones come from configuration, but nothing stops an embedder from asking for many. */
const wallClocks = new BoundedMap<string, Intl.DateTimeFormat>({ maxEntries: 64 });

/** Wall-clock parts in `timeZone` (24-hour); cached, because building a formatter is costly. */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** How far `timeZone`'s wall clock is ahead of UTC at an instant, in milliseconds (whole seconds: what Intl shows). */
export function zoneOffsetAt(epochMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of wallClock(timeZone).formatToParts(epochMs))
    if (type !== "literal") p[type] = Number(value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** Formats epoch milliseconds as Gson does (`Nov 24, 2026 4:20:13 PM`), in one time zone. */
export function gsonDateFormatter(timeZone: string): (epochMs: number) => string {
  const slow = intlGsonDateFormatter(timeZone);
  // Offset per slice; NaN marks a slice in which the offset changes (formatted through Intl instead).
  const offsets = new BoundedMap<number, number>({ maxEntries: maxCachedSlices });
  // The slice asked for last, outside the map: a page's dates mostly share one, and a map hit moves its entry.
  let lastSlice = Number.NaN;
  let lastOffset = Number.NaN;
  const offsetOf = (slice: number): number => {
    if (slice === lastSlice) return lastOffset;
    let offset = offsets.get(slice);
    if (offset === undefined) {
      const start = zoneOffsetAt(slice * sliceMs, timeZone);
      const end = zoneOffsetAt(slice * sliceMs + sliceMs - 1000, timeZone);
      offset = start === end ? start : Number.NaN;
      offsets.set(slice, offset);
    }
    lastSlice = slice;
    lastOffset = offset;
    return offset;
  };
  return (epochMs) => {
    const offset = offsetOf(Math.floor(epochMs / sliceMs));
    if (Number.isNaN(offset)) return slow(epochMs);
    const local = new Date(Math.floor(epochMs / 1000) * 1000 + offset);
    const year = local.getUTCFullYear();
    if (year < 1000 || year > 9999) return slow(epochMs);
    const hours = local.getUTCHours();
    const minutes = local.getUTCMinutes();
    const seconds = local.getUTCSeconds();
    const time = `${hours % 12 || 12}:${minutes < 10 ? "0" : ""}${minutes}:${seconds < 10 ? "0" : ""}${seconds}`;
    return `${months[local.getUTCMonth()]} ${local.getUTCDate()}, ${year} ${time} ${hours < 12 ? "AM" : "PM"}`;
  };
}
