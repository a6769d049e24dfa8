// A fresh PostgreSQL database per PostgreSQL scenario (created from ZMS_BENCH_DATABASE_URL's server, dropped
// afterwards), so every run starts from an empty schema that the servers migrate themselves.
import pg from "pg";

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Undefined when PostgreSQL answers, else why not (the scenario is then skipped with this note). */
export async function postgresUnreachable(url: string): Promise<string | undefined> {
  try {
    await withClient(url, (client) => client.query("SELECT 1"));
    return undefined;
  } catch (error) {
    return `PostgreSQL unreachable at ${url.replace(/\/\/[^@/]*@/, "//")}: ${(error as Error).message}`;
  }
}

/** Creates an empty database and returns its URL. */
export async function createBenchDatabase(url: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  await withClient(url, (client) => client.query(`CREATE DATABASE ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

export async function dropBenchDatabase(url: string, name: string): Promise<void> {
  await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
