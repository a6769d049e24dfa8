// The `zstack-model-services` command line: `serve` runs the server (every option also from ZMS_<NAME>),
// `openapi` prints a published document. cli.ts is its entry point; this module is importable for tests.
import { Command, InvalidArgumentError, Option } from "commander";
import { publishedDocumentText } from "./contract/index.js";
import { createZStackServer, type ZStackServer } from "./index.js";
import { tuneHeapGrowth } from "./performance/memory-tuning.js";
import { apiVersions, defaultOptions, newestApiVersion, OptionsError, type ZStackServerOptions } from "./options.js";

const integer = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
};
const seconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number of seconds");
  return n;
};
const secondsOrZero = (value: string): number => {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError("must be 0 or more seconds");
  return n;
};
const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];
const env = (name: string) => `ZMS_${name}`;

function option<T>(
  flags: string,
  description: string,
  envName: string,
  parse?: (value: string, previous: T) => T,
): Option {
  const o = new Option(flags, description).env(env(envName));
  return parse ? o.argParser(parse) : o;
}

export function buildProgram(onServe: (options: ZStackServerOptions) => Promise<void>): Command {
  const program = new Command("zstack-model-services").description(
    "ZStack's AI model-service API: server and published OpenAPI documents",
  );
  program
    .command("serve")
    .description("run the spec-validated server")
    .addOption(option("--host <address>", "address to listen on", "HOST").default(defaultOptions.host))
    .addOption(
      option("--port <port>", "port to listen on (0: any free one)", "PORT", integer).default(defaultOptions.port),
    )
    // DATABASE_URL, the usual name on platforms that provision PostgreSQL, counts when ZMS_DB is not set.
    .addOption(
      option("--db <path-or-url>", "SQLite file, or a postgres:// URL (also DATABASE_URL)", "DB").default(
        process.env.DATABASE_URL || defaultOptions.db,
      ),
    )
    .addOption(
      option("--api-version <version>", `API version to serve (${apiVersions.join(", ")})`, "API_VERSION")
        .choices(apiVersions)
        .default(newestApiVersion),
    )
    .addOption(
      option("--yaml-check <mode>", "how param.yaml is checked", "YAML_CHECK")
        .choices(["strict", "syntax", "off"])
        .default(defaultOptions.yamlCheck),
    )
    .addOption(
      option("--references <mode>", "whether uuids naming other resources must exist", "REFERENCES")
        .choices(["check", "off"])
        .default(defaultOptions.references),
    )
    .addOption(
      option(
        "--unknown-fields <mode>",
        "request fields the served version does not know: reject (SYS.1007) or ignore (as ZStack)",
        "UNKNOWN_FIELDS",
      )
        .choices(["reject", "ignore"])
        .default(defaultOptions.unknownFields),
    )
    .addOption(
      option(
        "--webhook-allow <origins>",
        "origins X-Web-Hook may name (comma-separated, repeatable)",
        "WEBHOOK_ALLOW",
        list,
      ),
    )
    .addOption(
      option("--session-timeout <seconds>", "session lifetime after last use", "SESSION_TIMEOUT", seconds).default(
        defaultOptions.sessionTimeout,
      ),
    )
    .addOption(
      option(
        "--session-renew-interval <seconds>",
        "least time between two written renewals of a session",
        "SESSION_RENEW_INTERVAL",
        seconds,
      ).default(defaultOptions.sessionRenewInterval),
    )
    .addOption(
      option("--job-retention <seconds>", "how long finished jobs are kept", "JOB_RETENTION", seconds).default(
        defaultOptions.jobRetention,
      ),
    )
    .addOption(
      option(
        "--deploy-seconds <seconds>",
        "how long a deployment takes to reach Running (0: at once)",
        "DEPLOY_SECONDS",
        secondsOrZero,
      ).default(defaultOptions.deploySeconds),
    )
    .addOption(
      option(
        "--deploy-lease-seconds <seconds>",
        "how long a claim on a deployment lasts: another instance finishes it after a crash",
        "DEPLOY_LEASE_SECONDS",
        seconds,
      ).default(defaultOptions.deployLeaseSeconds),
    )
    .addOption(
      option("--time-zone <zone>", "IANA time zone of inventories' dates", "TIME_ZONE").default(
        defaultOptions.timeZone,
      ),
    )
    .addOption(
      option("--public-url <url>", "base of job locations (default: the request's scheme and Host)", "PUBLIC_URL"),
    )
    .addOption(
      option(
        "--cors-origin <origins>",
        "browser origins allowed to call the API (comma-separated, repeatable)",
        "CORS_ORIGIN",
        list,
      ),
    )
    .addOption(
      new Option(
        "--no-validate-responses",
        "do not validate responses against the document (env ZMS_VALIDATE_RESPONSES=false)",
      ),
    )
    .addOption(option("--db-pool-size <n>", "PostgreSQL pool size", "DB_POOL_SIZE", integer))
    .addOption(
      option("--db-timeout <ms>", "milliseconds before a database call counts as failed", "DB_TIMEOUT", integer),
    )
    .addOption(
      option(
        "--read-cache-mb <MiB>",
        "MiB of query/get answers reused while the data is unchanged (0: off)",
        "READ_CACHE_MB",
        integer,
      ).default(defaultOptions.readCacheMb),
    )
    .addOption(
      option(
        "--secret-key <base64>",
        "32 bytes (Base64) sealing access-key secrets in the database; shared by instances sharing it",
        "SECRET_KEY",
      ),
    )
    .addOption(
      new Option(
        "--control",
        "the stand-in's control routes at /zms/v1: faults, journal, reset (env ZMS_CONTROL=true)",
      ),
    )
    .addOption(
      option(
        "--control-token <token>",
        "also allow control calls from anywhere with Authorization: Bearer <token>",
        "CONTROL_TOKEN",
      ),
    )
    .addOption(option("--seed <file>", "YAML or JSON of ZStack actions applied when the store is empty", "SEED"))
    .addOption(
      option("--log-level <level>", "pino log level", "LOG_LEVEL")
        .choices(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
        .default(defaultOptions.logLevel),
    )
    .action(async (opts: ZStackServerOptions & { validateResponses: boolean }) => {
      const fromEnv = process.env[env("VALIDATE_RESPONSES")];
      const validateResponses = opts.validateResponses && !/^(false|0|no|off)$/i.test(fromEnv ?? "");
      // A boolean flag's variable is read here, so that ZMS_CONTROL=false means false (commander: any value is true).
      const control = opts.control || /^(true|1|yes|on)$/i.test(process.env[env("CONTROL")] ?? "");
      await onServe({
        ...opts,
        validateResponses,
        ...(control ? { control } : {}),
        adminPassword: process.env.ZSTACK_ADMIN_PASSWORD || undefined,
      });
    });
  program
    .command("openapi")
    .description("print a published OpenAPI document")
    .addOption(new Option("--api-version <version>", "API version").choices(apiVersions).default(newestApiVersion))
    .addOption(new Option("--openapi <version>", "OpenAPI version").choices(["3.0", "3.1"]).default("3.0"))
    .action((opts: { apiVersion: string; openapi: "3.0" | "3.1" }) => {
      // `... openapi | head` closes the pipe early: that is not a failure.
      process.stdout.on("error", (err: NodeJS.ErrnoException) => process.exit(err.code === "EPIPE" ? 0 : 1));
      process.stdout.write(publishedDocumentText(opts.apiVersion, opts.openapi));
    });
  return program;
}

/** Runs the server until SIGTERM or SIGINT, then stops accepting, finishes in-flight requests and exits 0. */
export async function serve(options: ZStackServerOptions): Promise<void> {
  tuneHeapGrowth();
  let server: ZStackServer;
  try {
    server = await createZStackServer(options);
    await server.listen();
  } catch (err) {
    if (
      err instanceof OptionsError ||
      (err as NodeJS.ErrnoException).code === "EADDRINUSE" ||
      (err as NodeJS.ErrnoException).code === "EACCES"
    ) {
      process.stderr.write(`zstack-model-services: ${(err as Error).message}\n`);
      process.exit(1);
    }
    throw err;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`zstack-model-services: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
