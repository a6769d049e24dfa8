// ZStack's access-key signatures (its RestServer and SDKs): `Authorization: ZStack <AccessKeyID>:<signature>`,
// signature = Base64(HMAC-SHA1(secret, METHOD + "\n" + Date + "\n" + path)), the path from the `/v1/` after the
// `/zstack` context, percent-decoded, without the query string. Pure functions: the key lookup is elsewhere.
import { createHmac, timingSafeEqual } from "node:crypto";
import { zoneOffsetAt } from "../zstack/gson-date.js";

/** ZStack's REQUEST_DURATION_MINUTES: how far a signed request's `Date` may be from the server's clock. */
export const maxSkewMs = 15 * 60 * 1000;

/** The signature of one request, as ZStack's SDKs compute it. */
export function accessKeySignature(secret: string, method: string, date: string, path: string): string {
  return createHmac("sha1", secret).update(`${method.toUpperCase()}\n${date}\n${path}`).digest("base64");
}

/** Compares in constant time, so that a wrong signature's answer does not tell how much of it was right. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `ZStack <id>:<signature>`: the two parts, `undefined` for another scheme, `"garbled"` when it is ZStack's but not
 * two parts.
 */
export function parseAccessKeyAuthorization(
  header: string | undefined,
): { id: string; signature: string } | "garbled" | undefined {
  const match = /^\s*ZStack\s+(.*?)\s*$/.exec(header ?? "");
  if (!match) return undefined;
  const parts = match[1]!.split(":");
  // ZStack splits on ':' and requires exactly two parts; a Base64 signature never contains ':'.
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return "garbled";
  return { id: parts[0]!, signature: parts[1]! };
}

/**
 * The path ZStack signs: from the `/v1/` that follows the `/zstack` context (so it holds behind a mount prefix or
 * a proxy), percent-decoded as ZStack's server decodes it, without the query string.
 */
export function signedPath(originalUrl: string): string {
  const raw = originalUrl.split("?")[0]!;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    path = raw;
  }
  const context = path.indexOf("/zstack/v1/");
  if (context >= 0) return path.slice(context + "/zstack".length);
  const v1 = path.indexOf("/v1/");
  return v1 >= 0 ? path.slice(v1) : path;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** China Standard Time, what ZStack's Python SDK appends as a literal `CST`. */
const cstOffsetMs = 8 * 60 * 60 * 1000;

/**
 * Epoch milliseconds of a `Date` header: `EEE, dd MMM yyyy HH:mm:ss` and then `GMT`/`UTC`/`Z`, a numeric offset
 * (`+0800`, `+08:00`), an IANA zone id (`Asia/Shanghai`, ZStack's Java SDK) or `CST` (+08:00, its Python SDK).
 * `undefined` when it is none of these.
 */
export function parseSignedDate(text: string): number | undefined {
  const match =
    /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(\S+)\s*$/.exec(text);
  if (!match) return undefined;
  const [, day, monthName, year, hour, minute, second, zone] = match;
  const month = months.findIndex((m) => m.toLowerCase() === monthName!.toLowerCase());
  if (month < 0) return undefined;
  const wall = Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(wall) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  if (/^(GMT|UTC|UT|Z)$/i.test(zone!)) return wall;
  if (zone === "CST") return wall - cstOffsetMs;
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone!);
  if (offset) return wall - (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(zone!)) return undefined;
  try {
    // The zone's offset at the wall time, then again at the instant found (right across DST changes).
    const first = wall - zoneOffsetAt(wall, zone!);
    return wall - zoneOffsetAt(first, zone!);
  } catch {
    return undefined; // not a zone Intl knows
  }
}
