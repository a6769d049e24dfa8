// The zstack-model-services command: `serve` with flags and ZMS_ variables, JSON request logs without
// secrets, a clean exit on SIGTERM; `openapi` prints a published document.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { sha512Hex } from "../../server/accounts/passwords.js";
import { repoRoot } from "../helpers/documents.js";
import { logIn, tempDir } from "../helpers/server.js";

const cli = join(repoRoot, "server", "cli.ts");
const node = (args: string[], env: Record<string, string> = {}) => ({
  args: ["--import", "tsx", cli, ...args],
  env: { ...process.env, ZSTACK_ADMIN_PASSWORD: "", ...env },
});
const temp = tempDir();
afterAll(() => temp.remove());

describe("serve", () => {
  it("listens where told, logs one JSON line per request without secrets, and exits 0 on SIGTERM", async () => {
    const { args, env } = node(["serve", "--port", "0"], {
      ZMS_DB: join(temp.dir, "cli.db"),
      ZMS_TIME_ZONE: "Asia/Shanghai",
    });
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        lines.push(line);
        const entry = JSON.parse(line);
        if (entry.msg === "listening") resolve(entry.port);
      });
      child.once("exit", () => reject(new Error(`exited early: ${lines.join("\n")}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const session = await logIn(base);
    const query = await fetch(`${base}/zstack/v1/ai/model-services?limit=5`, {
      headers: { Authorization: `OAuth ${session}` },
    });
    expect(query.status).toBe(200);
    expect((await fetch(`${base}/zstack/v1/accounts/sessions/${session}/valid`)).status).toBe(200);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/readyz", 200],
      ["PUT", "/zstack/v1/accounts/login", 200],
      ["GET", "/zstack/v1/ai/model-services", 200],
      ["GET", "/zstack/v1/accounts/sessions/{sessionUuid}/valid", 200],
    ]);
    expect(requests[0]).toMatchObject({ requestId: expect.any(String), durationMs: expect.any(Number) });
    const output = lines.join("\n");
    expect(output).not.toContain(session);
    expect(output).not.toContain(sha512Hex("password"));
  });

  it("refuses a non-loopback address without ZSTACK_ADMIN_PASSWORD, saying why", () => {
    const { args, env } = node(["serve", "--host", "0.0.0.0", "--port", "0", "--db", join(temp.dir, "refused.db")]);
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ZSTACK_ADMIN_PASSWORD/);
  });

  it("rejects an unknown API version", () => {
    const { args, env } = node(["serve", "--api-version", "1.0.0"]);
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/5\.5\.22/);
  });
});

describe("openapi", () => {
  it("prints the published document of a version", () => {
    const { args, env } = node(["openapi", "--api-version", "5.3.28", "--openapi", "3.1"]);
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^openapi: 3\.1\.0$/m);
    expect(result.stdout).toMatch(/^ {2}version: 5\.3\.28$/m);
  });
});
