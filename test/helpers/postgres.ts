// PostgreSQL for tests: the server CI points at (ZMS_TEST_DATABASE_URL), one schema per test file, and what a
// suite does when there is no server to talk to: whoever set the variable asked for these suites, so they fail;
// without it they are skipped, with a note that says how to run them.

import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { repoRoot } from "./documents.js";

const askedFor = process.env.ZMS_TEST_DATABASE_URL;
export const testDatabaseUrl = askedFor ?? "postgres://root@127.0.0.1:5432/test";

export const howToRunPostgresTests =
  `PostgreSQL tests skipped: no server at ${redact(testDatabaseUrl)}; ` +
  "set ZMS_TEST_DATABASE_URL to a reachable server " +
  `(e.g. postgres://root@127.0.0.1:5432/test) to run them.`;

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/**
 * Prints the line once per test run, not once per file: test files run in worker processes of one vitest
 * process, so the first worker to create a marker named after that parent prints it. The marker goes in the
 * ignored test-results/ folder, not in the system's temp folder, where it would outlive the run.
 */
function sayOnceHowToRun(): void {
  try {
    const dir = join(repoRoot, "test-results");
    mkdirSync(dir, { recursive: true });
    closeSync(openSync(join(dir, `pg-skip-notice-${process.ppid}`), "wx"));
  } catch {
    return;
  }
  process.stderr.write(`${howToRunPostgresTests}\n`);
}

/** Why the test database does not answer, or undefined when it does. */
async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const why = await unreachable();
if (why !== undefined && askedFor === undefined) sayOnceHowToRun();

/** Whether the test database answers (asked once per test file). */
export const postgresAvailable = why === undefined;

/**
 * `describe(name, fn)` for a suite that needs PostgreSQL. When the database does not answer, the suite is one
 * test in its place: failed if ZMS_TEST_DATABASE_URL is set (CI sets it, and starts the server), else skipped
 * with a note saying how to run it.
 */
export function describeOnPostgres(name: string, fn: () => void): void {
  if (why === undefined) {
    describe(name, fn);
    return;
  }
  describe(name, () => {
    it("needs PostgreSQL", (context) => {
      if (askedFor === undefined) context.skip(howToRunPostgresTests);
      throw new Error(
        `ZMS_TEST_DATABASE_URL is set, but PostgreSQL at ${redact(testDatabaseUrl)} does not answer: ${why}`,
      );
    });
  });
}

/** `url` with its `search_path` set to `schema`, so that everything the store creates lands there. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

export interface TestSchema {
  name: string;
  /** The test database's URL with this schema as its search path. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named schema in the test database. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const name = `zms_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE SCHEMA ${name}`);
  return {
    name,
    url: withSearchPath(testDatabaseUrl, name),
    drop: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    },
  };
}

/** A fresh schema for the enclosing suite: made before its tests, dropped after them; read it in hooks and tests. */
export function useTestSchema(label: string): TestSchema {
  const schema = {} as TestSchema;
  beforeAll(async () => {
    Object.assign(schema, await createTestSchema(label));
  });
  afterAll(async () => {
    await schema.drop?.();
  });
  return schema;
}

export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
