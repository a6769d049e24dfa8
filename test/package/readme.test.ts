// The README's curl walk-through, run as printed against a real server process (only its address changed
// to the test server's), so that a newcomer who pastes it gets what it promises.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/documents.js";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const walkthrough = /<!-- walkthrough:start -->\n```bash\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(readme)?.[1];
const dir = mkdtempSync(join(tmpdir(), "zms-readme-"));
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess(["--db", join(dir, "readme.db")], { ZSTACK_ADMIN_PASSWORD: "" });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's curl walk-through", () => {
  it("is in the README", () => expect(walkthrough).toContain("curl"));

  it("works step by step against the server", async () => {
    const script = walkthrough!.replaceAll("http://localhost:8080", server.url);
    const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { encoding: "utf8" });
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^session: [0-9a-f]{32}$/);
    expect(lines[1]).toMatch(/^model center: [0-9a-f]{32}$/);
    const [, uuid, model] = /^model service: ([0-9a-f]{32}), bound to model ([0-9a-f]{32})$/.exec(lines[2]!) ?? [];
    expect(uuid).toBeDefined();
    expect(model).toBeDefined();
    const query = JSON.parse(lines.slice(3, -6).join("\n").trim() || "null");
    if (!query) console.log(stdout);
    expect(query).toEqual({ inventories: [{ uuid, name: "text to text model service", requestCpu: 4 }] });
    // The center's delete, the service's bindings after it, the deployed group, the logout, the instance's livez.
    const [deleted, bindings, group, logout, livez, end] = lines.slice(-6);
    expect([deleted, bindings, logout, end]).toEqual(["{}", "[]", "{}", ""]);
    const [, url, instance] =
      /^group: Running, instance at (http:\/\/\S+\/model-service-instances\/([0-9a-f]{32}))$/.exec(group!) ?? [];
    expect(url).toBeDefined();
    expect(JSON.parse(livez!)).toEqual({ status: "Running", instanceUuid: instance });
  });
});
