// The benchmark's command-line options (`npm run bench -- --duration 10 --connections 32 --soak 60`).
import { parseArgs } from "node:util";

export const scenarioNames = [
  "baseline-echo",
  "add",
  "plain-stack-add",
  "plain-stack-no-store",
  "add-no-response-validation",
  "add-model",
  "job-poll",
  "deploy-job-poll",
  "get",
  "get-uncached",
  "plain-stack-get",
  "query",
  "query-uncached",
  "query-varying",
  "query-models-uncached",
  "client-overhead",
  "add-pg-1",
  "add-pg-2",
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** Steps besides the load scenarios that `--only` can name. */
export const stepNames = ["startup", "soak"] as const;
export type StepName = (typeof stepNames)[number];

export interface BenchOptions {
  /** Measured seconds per scenario. */
  duration: number;
  /** Warm-up seconds per scenario, not measured. */
  warmup: number;
  connections: number;
  /** Seconds of steady AddModelService load (0: no soak). */
  soak: number;
  /** Services stored for `get` and `query`. */
  services: number;
  /** Calls per side in `client-overhead`. */
  clientCalls: number;
  /** Start-up trials (the median is reported). */
  startupTrials: number;
  /** What to run (default: every scenario and the start-up step, plus the soak when `--soak` is given). */
  only?: Set<ScenarioName | StepName>;
  /** Where latest.json goes. */
  out: string;
  /** Extra Node flags for the server processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  serverNodeArgs: string[];
  /** The servers' pino level (request logs would measure the log sink, not the server). */
  serverLogLevel: string;
  postgresUrl: string;
  /** Keep the temporary folder (databases, server logs). */
  keep: boolean;
  /** A folder where the seeded databases are kept and reused by later runs (default: seeded afresh each run). */
  seededDir?: string;
  /** `node`: servers compiled to JavaScript, as `npm start` runs them (default); `tsx`: the .ts sources. */
  runtime: "node" | "tsx";
}

const profileExample = '--server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"';

const usage = `npm run bench -- [options]
  --duration S          measured seconds per scenario (default 15)
  --warmup S            warm-up seconds per scenario (default 10)
  --connections N       concurrent connections (default 32)
  --soak S              also run S seconds of steady AddModelService load and compare RSS (default 0: off)
  --services N          services stored for get/query (default 100000)
  --client-calls N      calls per side in client-overhead (default 3000)
  --startup-trials N    start-up trials, median reported (default 5)
  --only a,b            run only these (${[...scenarioNames, ...stepNames].join(", ")})
  --out FILE            results file (default bench/results/latest.json)
  --server-node-args=S  extra Node flags for server processes, e.g. ${profileExample}
  --server-log-level L  the servers' log level (default warn)
  --keep                keep the temporary folder (databases, server logs)
  --seeded-dir DIR      keep the seeded databases in DIR and reuse them in later runs (saves ~30 s a run)
  --runtime node|tsx    servers compiled to JavaScript under plain node (default), or the .ts sources under tsx
PostgreSQL: ZMS_BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/test).`;

function positive(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new Error(`--${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${text}`);
  return value;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      soak: { type: "string" },
      services: { type: "string" },
      "client-calls": { type: "string" },
      "startup-trials": { type: "string" },
      only: { type: "string" },
      out: { type: "string" },
      "server-node-args": { type: "string" },
      "server-log-level": { type: "string" },
      keep: { type: "boolean" },
      "seeded-dir": { type: "string" },
      runtime: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  let only: BenchOptions["only"];
  if (values.only) {
    const known = new Set<string>([...scenarioNames, ...stepNames]);
    const names = values.only
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length) throw new Error(`--only: unknown ${unknown.join(", ")}; known: ${[...known].join(", ")}`);
    only = new Set(names as (ScenarioName | StepName)[]);
  }
  const runtime = values.runtime ?? "node";
  if (runtime !== "node" && runtime !== "tsx") throw new Error(`--runtime must be node or tsx, got ${runtime}`);
  // `--only soak` without a length soaks for a minute.
  const soak = positive("soak", values.soak, only?.has("soak") ? 60 : 0, true);
  return {
    runtime,
    duration: positive("duration", values.duration, 15),
    warmup: positive("warmup", values.warmup, 10, true),
    connections: Math.round(positive("connections", values.connections, 32)),
    soak,
    services: Math.round(positive("services", values.services, 100_000)),
    clientCalls: Math.round(positive("client-calls", values["client-calls"], 3000)),
    startupTrials: Math.round(positive("startup-trials", values["startup-trials"], 5)),
    only,
    out: values.out ?? "bench/results/latest.json",
    serverNodeArgs: values["server-node-args"]?.split(/\s+/).filter(Boolean) ?? [],
    serverLogLevel: values["server-log-level"] ?? "warn",
    postgresUrl: process.env.ZMS_BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test",
    keep: values.keep ?? false,
    seededDir: values["seeded-dir"],
  };
}

/** Whether a scenario or step runs: everything by default, the soak only when asked for. */
export function wants(options: BenchOptions, name: ScenarioName | StepName): boolean {
  if (name === "soak") return options.soak > 0 && (!options.only || options.only.has("soak"));
  return !options.only || options.only.has(name);
}
