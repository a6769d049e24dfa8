// `serve`'s options: each flag, each ZMS_<NAME> variable, the defaults, and flags over variables.
import { afterEach, describe, expect, it } from "vitest";
import { buildProgram } from "../../server/cli-program.js";
import { resolveOptions, type ZStackServerOptions } from "../../server/options.js";
import { tuneHeapGrowth } from "../../server/performance/memory-tuning.js";
import { startScriptEnv } from "../../bench/lib/start-script.js";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function parse(args: string[], env: Record<string, string> = {}): Promise<ZStackServerOptions> {
  Object.assign(process.env, env);
  let seen: ZStackServerOptions | undefined;
  const program = buildProgram(async (options) => {
    seen = options;
  }).exitOverride();
  for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => {} });
  await program.parseAsync(["node", "zstack-model-services", "serve", ...args]);
  return seen!;
}

describe("serve options", () => {
  it("defaults to DESIGN.md's values", async () => {
    expect(await parse([])).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      db: "./data/zstack-model-services.db",
      apiVersion: "5.5.22",
      yamlCheck: "strict",
      unknownFields: "reject",
      sessionTimeout: 7200,
      sessionRenewInterval: 60,
      jobRetention: 10800,
      timeZone: "UTC",
      validateResponses: true,
      logLevel: "info",
      deploySeconds: 2,
      deployLeaseSeconds: 10,
    });
  });

  it("reads every flag", async () => {
    const options = await parse([
      "--host=0.0.0.0",
      "--port=9000",
      "--db=./data/other.db",
      "--api-version=5.3.28",
      "--yaml-check=off",
      "--webhook-allow=http://a.example,http://b.example",
      "--webhook-allow=http://c.example",
      "--session-timeout=60",
      "--session-renew-interval=5",
      "--job-retention=30",
      "--time-zone=Asia/Shanghai",
      "--public-url=https://z.example",
      "--cors-origin=https://console.example",
      "--no-validate-responses",
      "--db-pool-size=4",
      "--db-timeout=250",
      "--log-level=warn",
      "--read-cache-mb=0",
      "--unknown-fields=ignore",
      "--deploy-seconds=0",
      "--deploy-lease-seconds=0.5",
    ]);
    expect(options).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      db: "./data/other.db",
      apiVersion: "5.3.28",
      yamlCheck: "off",
      webhookAllow: ["http://a.example", "http://b.example", "http://c.example"],
      sessionTimeout: 60,
      sessionRenewInterval: 5,
      jobRetention: 30,
      timeZone: "Asia/Shanghai",
      publicUrl: "https://z.example",
      corsOrigin: ["https://console.example"],
      validateResponses: false,
      dbPoolSize: 4,
      dbTimeout: 250,
      logLevel: "warn",
      readCacheMb: 0,
      unknownFields: "ignore",
      deploySeconds: 0,
      deployLeaseSeconds: 0.5,
    });
  });

  it("reads ZMS_ variables, and flags win over them", async () => {
    const options = await parse(["--port=9001"], {
      ZMS_PORT: "9000",
      ZMS_DB: "/tmp/x.db",
      ZMS_API_VERSION: "5.1.8",
      ZMS_WEBHOOK_ALLOW: "http://a.example,http://b.example",
      ZMS_VALIDATE_RESPONSES: "false",
      ZMS_TIME_ZONE: "Europe/Berlin",
      ZSTACK_ADMIN_PASSWORD: "s3cret",
      ZMS_UNKNOWN_FIELDS: "ignore",
      ZMS_DEPLOY_SECONDS: "7.5",
    });
    expect(options).toMatchObject({
      unknownFields: "ignore",
      port: 9001,
      db: "/tmp/x.db",
      apiVersion: "5.1.8",
      webhookAllow: ["http://a.example", "http://b.example"],
      validateResponses: false,
      timeZone: "Europe/Berlin",
      adminPassword: "s3cret",
      deploySeconds: 7.5,
    });
  });

  it("takes DATABASE_URL as the database when ZMS_DB is not set", async () => {
    expect((await parse([], { DATABASE_URL: "postgres://db.example/zstack" })).db).toBe("postgres://db.example/zstack");
    expect((await parse([], { DATABASE_URL: "postgres://db.example/zstack", ZMS_DB: "/tmp/y.db" })).db).toBe(
      "/tmp/y.db",
    );
  });

  it("rejects a bad port and an unknown --yaml-check or --unknown-fields mode", async () => {
    await expect(parse(["--port=eighty"])).rejects.toThrow(/whole number/);
    await expect(parse(["--yaml-check=lenient"])).rejects.toThrow(/strict, syntax, off/);
    await expect(parse(["--unknown-fields=drop"])).rejects.toThrow(/reject, ignore/);
    await expect(parse(["--deploy-seconds=-1"])).rejects.toThrow(/0 or more seconds/);
  });

  it("reads the stand-in's flags and variables: --control, --control-token, --seed, --deploy-seconds", async () => {
    expect(await parse([])).not.toHaveProperty("control");
    expect(
      await parse(["--control", "--control-token", "t".repeat(16), "--seed", "s.yaml", "--deploy-seconds", "2.5"]),
    ).toMatchObject({ control: true, controlToken: "t".repeat(16), seed: "s.yaml", deploySeconds: 2.5 });
    const fromEnv = {
      ZMS_CONTROL: "1",
      ZMS_CONTROL_TOKEN: "u".repeat(16),
      ZMS_SEED: "e.json",
      ZMS_DEPLOY_SECONDS: "0",
    };
    expect(await parse([], fromEnv)).toMatchObject({
      control: true,
      controlToken: "u".repeat(16),
      seed: "e.json",
      deploySeconds: 0,
    });
    expect(await parse([], { ZMS_CONTROL: "false" })).not.toHaveProperty("control");
    expect(() => resolveOptions({ controlToken: "short" })).toThrow(/at least 16 characters/);
    expect(() => resolveOptions({ deploySeconds: -1 })).toThrow(/--deploy-seconds must be 0 to 86400 seconds/);
    await expect(parse(["--deploy-lease-seconds=0"])).rejects.toThrow(/positive number of seconds/);
  });
});

describe("serve's memory tuning", () => {
  it("limits V8's heap growth unless the node command line already chose a value", () => {
    expect(tuneHeapGrowth([])).toBe(true);
    expect(tuneHeapGrowth(["--heap-growing-percent=50"])).toBe(false);
    expect(tuneHeapGrowth(["--heap_growing_percent", "50"])).toBe(false);
  });

  it("is in npm start's environment what the benchmark gives its servers", () => {
    expect(startScriptEnv()).toEqual({ MALLOC_TRIM_THRESHOLD_: "131072" });
  });
});
