// Durable before acknowledged, under group commit: many AddModelService calls at once share transactions,
// and every one that got its 202 is still there after the server process is killed (SIGKILL, no clean close,
// no checkpoint) and another server opens the same file.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { sha512Hex } from "../../server/accounts/passwords.js";
import { repoRoot } from "../helpers/documents.js";
import { documentBody, startServer, tempDir } from "../helpers/server.js";

const temp = tempDir();
afterAll(() => temp.remove());

it("every acknowledged AddModelService survives a SIGKILL of the server", async () => {
  const db = join(temp.dir, "crash.db");
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), "serve", "--port", "0", "--db", db], {
    cwd: repoRoot,
    env: { ...process.env, ZSTACK_ADMIN_PASSWORD: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        const entry = JSON.parse(line);
        if (entry.msg === "listening") resolve(entry.port);
      });
      child.once("exit", () => reject(new Error("the server exited before listening")));
    });
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/zstack/v1/accounts/login`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ logInByAccount: { accountName: "admin", password: sha512Hex("password") } }),
    });
    const session = ((await login.json()) as { inventory: { uuid: string } }).inventory.uuid;
    const answers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const response = await fetch(`${base}/zstack/v1/ai/model-services`, {
          method: "POST",
          headers: { Authorization: `OAuth ${session}`, "Content-Type": "application/json" },
          body: JSON.stringify(documentBody({ name: `crash-${i}` })),
        });
        return { status: response.status, location: ((await response.json()) as { location: string }).location };
      }),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    child.kill("SIGKILL");
    await exited;

    const second = await startServer({ db }, temp.dir);
    try {
      const again = await second.login();
      const names = new Set<string>();
      for (const { location } of answers) {
        const job = await second.call(new URL(location).pathname, { headers: second.auth(again) });
        expect(job.status).toBe(200);
        names.add(job.body.inventory.name);
      }
      expect(names.size).toBe(40);
    } finally {
      await second.close();
    }
  } finally {
    child.kill("SIGKILL");
  }
}, 60_000);
