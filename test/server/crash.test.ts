// Durable before acknowledged, under group commit: many AddModelService calls at once share transactions,
// and every one that got its 202 is still there after the server process is killed (SIGKILL, no clean close,
// no checkpoint) and another server opens the same file.
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startServerProcess } from "../helpers/server-process.js";
import { documentBody, logIn, startServer, tempDir } from "../helpers/server.js";

const temp = tempDir();
afterAll(() => temp.remove());

it("every acknowledged AddModelService survives a SIGKILL of the server", async () => {
  const db = join(temp.dir, "crash.db");
  // Durability, not references: the adds name a center this server does not hold.
  const child = await startServerProcess(["--db", db, "--references", "off"], { ZSTACK_ADMIN_PASSWORD: "" });
  try {
    const base = child.url;
    const session = await logIn(base);
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
    await child.kill();

    const second = await startServer({ db, references: "off" }, temp.dir);
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
    await child.kill();
  }
}, 60_000);
