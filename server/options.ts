// The server's options: one definition shared by createZStackServer (embedding) and the CLI (flags and
// ZMS_<NAME> environment variables), with the defaults DESIGN.md gives.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { generatedDir } from "./package-root.js";
import { decodeSecretKey } from "./accounts/secret-box.js";

export type YamlCheckMode = "strict" | "syntax" | "off";
export type ReferencesMode = "check" | "off";
export type UnknownFieldsMode = "reject" | "ignore";

export interface ZStackServerOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 8080; 0 picks a free one). */
  port?: number;
  /** A SQLite file path (default ./data/zstack-model-services.db) or a postgres:// URL. */
  db?: string;
  /** The API version to speak (default: the newest of generated/versions.json). */
  apiVersion?: string;
  /** How param.yaml is checked (default strict). */
  yamlCheck?: YamlCheckMode;
  /** Whether uuids naming other resources must exist (default check; `off` accepts any, as placeholders). */
  references?: ReferencesMode;
  /**
   * Request fields the served version does not know (default reject: SYS.1007 naming them). `ignore` drops
   * them, as ZStack's Gson mapping does, so that an SDK newer than the server works; a known field with a wrong
   * value is still an error.
   */
  unknownFields?: UnknownFieldsMode;
  /** Origins (scheme://host[:port]) that X-Web-Hook may name. */
  webhookAllow?: readonly string[];
  /** Seconds a session lives after its last use (default 7200). */
  sessionTimeout?: number;
  /** Seconds between two written renewals of one session (default 60). */
  sessionRenewInterval?: number;
  /** Seconds a finished job is kept (default 10800). */
  jobRetention?: number;
  /** IANA time zone of inventories' dates (default UTC). */
  timeZone?: string;
  /** Base of job locations, e.g. https://zstack.example.com (default: the request's own scheme and Host). */
  publicUrl?: string;
  /** Browser origins allowed by CORS (default none: CORS off). */
  corsOrigin?: readonly string[];
  /** Validate every response against the document (default true). */
  validateResponses?: boolean;
  /** The admin's plain password (default: ZSTACK_ADMIN_PASSWORD, else `password` on loopback only). */
  adminPassword?: string;
  /** PostgreSQL pool size. */
  dbPoolSize?: number;
  /** Milliseconds before a database call counts as unavailable. */
  dbTimeout?: number;
  /** A pino logger; default a JSON logger on stdout at `logLevel`. */
  logger?: Logger;
  /** MiB of read answers kept while the data is unchanged, SQLite only (default 16; 0: off). See answer-cache.ts. */
  readCacheMb?: number;
  /** pino level when no logger is given (default info). */
  logLevel?: string;
  /** Milliseconds between sweeps of expired sessions and jobs (default 60000). */
  sweepInterval?: number;
  /**
   * 32 bytes in Base64 that seal access-key secrets in the database (AES-256-GCM); instances sharing a database
   * must share it. Without it secrets are stored in clear, as ZStack stores them, and the server warns.
   */
  secretKey?: string;
  /**
   * Seconds a deployment takes to reach `Running` (default 2; 0: at once). Its statuses (`Deploying`,
   * `ConfigSettingUp`, `ServiceBootingUp`) each take a third of it.
   */
  deploySeconds?: number;
  /**
   * Seconds an instance's claim on a deployment lasts without renewal (default 10): after a crash, another
   * instance (or the restarted one) finishes the deployment once the claim has expired.
   */
  deployLeaseSeconds?: number;
  /** Webhook delivery: attempts and pause between them (default 15 attempts, 2000 ms, as ZStack). */
  webhookRetry?: { attempts: number; delayMs: number };
  /**
   * The stand-in's controls (server/testing/): fault injection, the request journal and reset, over HTTP at
   * `/zms/v1/...` for loopback callers (default false: those routes do not exist).
   */
  control?: boolean;
  /** With `control`: callers elsewhere may use the control routes with `Authorization: Bearer <token>`. */
  controlToken?: string;
  /** A YAML or JSON file of ZStack actions and their bodies, applied at start when the store holds no resources. */
  seed?: string;
}

type UnsetByDefault =
  | "publicUrl"
  | "adminPassword"
  | "dbPoolSize"
  | "dbTimeout"
  | "logger"
  | "secretKey"
  | "controlToken"
  | "seed";

export type ResolvedOptions = Required<Omit<ZStackServerOptions, UnsetByDefault>> &
  Pick<ZStackServerOptions, UnsetByDefault>;

/** The API versions the package publishes, oldest first. */
export const apiVersions: readonly string[] = JSON.parse(readFileSync(join(generatedDir, "versions.json"), "utf8"));
export const newestApiVersion = apiVersions[apiVersions.length - 1]!;

export const defaultOptions = {
  host: "127.0.0.1",
  port: 8080,
  db: "./data/zstack-model-services.db",
  apiVersion: newestApiVersion,
  yamlCheck: "strict",
  references: "check",
  unknownFields: "reject",
  webhookAllow: [],
  sessionTimeout: 7200,
  sessionRenewInterval: 60,
  jobRetention: 10800,
  timeZone: "UTC",
  corsOrigin: [],
  validateResponses: true,
  logLevel: "info",
  readCacheMb: 16,
  sweepInterval: 60_000,
  webhookRetry: { attempts: 15, delayMs: 2000 },
  control: false,
  deploySeconds: 2,
  deployLeaseSeconds: 10,
} as const satisfies Partial<ZStackServerOptions>;

export class OptionsError extends Error {
  override name = "OptionsError";
}

/** Fills defaults and rejects values that cannot work, with a message that names the option. */
export function resolveOptions(options: ZStackServerOptions): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const resolved = { ...defaultOptions, ...defined } as ResolvedOptions;
  resolved.adminPassword ??= process.env.ZSTACK_ADMIN_PASSWORD || undefined;
  if (!apiVersions.includes(resolved.apiVersion)) {
    throw new OptionsError(`--api-version must be one of ${apiVersions.join(", ")} (got ${resolved.apiVersion})`);
  }
  if (!["check", "off"].includes(resolved.references)) {
    throw new OptionsError(`--references must be check or off (got ${resolved.references})`);
  }
  if (!["strict", "syntax", "off"].includes(resolved.yamlCheck)) {
    throw new OptionsError(`--yaml-check must be strict, syntax or off (got ${resolved.yamlCheck})`);
  }
  if (!["reject", "ignore"].includes(resolved.unknownFields)) {
    throw new OptionsError(`--unknown-fields must be reject or ignore (got ${resolved.unknownFields})`);
  }
  for (const name of ["sessionTimeout", "sessionRenewInterval", "jobRetention"] as const) {
    if (!Number.isFinite(resolved[name]) || resolved[name] <= 0)
      throw new OptionsError(`--${kebab(name)} must be a positive number of seconds`);
  }
  if (!Number.isFinite(resolved.deploySeconds) || resolved.deploySeconds < 0 || resolved.deploySeconds > 86400)
    throw new OptionsError("--deploy-seconds must be 0 to 86400 seconds");
  if (!Number.isFinite(resolved.deployLeaseSeconds) || resolved.deployLeaseSeconds <= 0)
    throw new OptionsError("--deploy-lease-seconds must be a positive number of seconds");
  if (resolved.controlToken !== undefined && resolved.controlToken.length < 16)
    throw new OptionsError("--control-token must be at least 16 characters");
  if (!Number.isFinite(resolved.readCacheMb) || resolved.readCacheMb < 0)
    throw new OptionsError("--read-cache-mb must be 0 or more");
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535)
    throw new OptionsError("--port must be 0-65535");
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: resolved.timeZone });
  } catch {
    throw new OptionsError(
      `--time-zone must be an IANA time zone such as UTC or Asia/Shanghai (got ${resolved.timeZone})`,
    );
  }
  resolved.webhookAllow = resolved.webhookAllow.map((origin) => normalizeOrigin(origin, "--webhook-allow"));
  resolved.corsOrigin = resolved.corsOrigin.map((origin) => normalizeOrigin(origin, "--cors-origin"));
  if (resolved.secretKey !== undefined) {
    const key = decodeSecretKey(resolved.secretKey);
    if (typeof key === "string") throw new OptionsError(key);
  }
  if (resolved.publicUrl !== undefined) {
    resolved.publicUrl = normalizeOrigin(resolved.publicUrl, "--public-url", true);
  }
  return resolved;
}

function normalizeOrigin(value: string, option: string, keepPath = false): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OptionsError(`${option} must be a URL such as https://example.com (got ${value})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OptionsError(`${option} must be an http or https URL (got ${value})`);
  return keepPath ? `${url.origin}${url.pathname.replace(/\/+$/, "")}` : url.origin;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Whether an address only this machine can reach: the default admin password is allowed there alone. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::ffff:127.0.0.1";
}
