// The package as users get it: `npm pack`, installed into a fresh consumer project, used from there — the
// client and the server imported by their public names, the published documents resolved, the types
// checked by TypeScript, and the `zstack-model-services` bin started.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/documents.js";

const consumer = mkdtempSync(join(tmpdir(), "zms-consumer-"));
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SCARF_ANALYTICS: "false" },
  });
const run = (file: string) => execFileSync(process.execPath, [file], { cwd: consumer, encoding: "utf8" });

beforeAll(() => {
  const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", consumer], repoRoot)) as {
    filename: string;
  }[];
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // --ignore-scripts, then the native SQLite binding copied from this checkout: the same better-sqlite3 version
  // on the same Node, so building it again from source (~45 s here) would prove nothing about our package.
  npm(
    ["install", join(consumer, packed!.filename), "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"],
    consumer,
  );
  cpSync(join(repoRoot, "node_modules/better-sqlite3/build"), join(consumer, "node_modules/better-sqlite3/build"), {
    recursive: true,
  });
}, 240_000);

afterAll(() => rmSync(consumer, { recursive: true, force: true }));

/** The port the bin reports in its "listening" log line. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bin exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === "listening") resolve(entry.port!);
    });
  });
}

describe("the packed package, installed in a fresh project", () => {
  it("exports the client, the server and the published documents", () => {
    writeFileSync(
      join(consumer, "imports.mjs"),
      `import { readFileSync } from "node:fs";
       import { fileURLToPath } from "node:url";
       import {
         createZStackClient, ZStackApiError, AddModelServiceAction, parseGsonDate,
       } from "zstack-model-services/client";
       import { createZStackServer } from "zstack-model-services/server";
       import { startStandIn } from "zstack-model-services/testing";
       const doc = (p) => readFileSync(fileURLToPath(import.meta.resolve(p)), "utf8").split("\\n", 1)[0];
       console.log(JSON.stringify({
         client: [typeof createZStackClient, typeof ZStackApiError, typeof AddModelServiceAction, typeof parseGsonDate],
         server: typeof createZStackServer,
         testing: typeof startStandIn,
         control: doc("zstack-model-services/control-openapi.yaml"),
         openapi: doc("zstack-model-services/openapi/5.3.28.yaml"),
         openapi31: doc("zstack-model-services/openapi-3.1/5.5.22.yaml"),
       }));`,
    );
    expect(JSON.parse(run("imports.mjs"))).toEqual({
      client: ["function", "function", "function", "function"],
      server: "function",
      testing: "function",
      control: "openapi: 3.0.0",
      openapi: "openapi: 3.0.0",
      openapi31: "openapi: 3.1.0",
    });
  });

  it("ships types that make a consumer's wrong call fail to compile", () => {
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["use.ts"],
      }),
    );
    writeFileSync(
      join(consumer, "use.ts"),
      `import { createZStackClient } from "zstack-model-services/client";
       const client = createZStackClient({ baseUrl: "http://localhost:8080", apiVersion: "5.3.28" });
       export const cpu: Promise<number | undefined> = client.getModelService("x").then((s) => s?.requestCpu);
       client.addModelService({
         name: "a", yaml: "y", requestCpu: 1, requestMemory: 1, modelCenterUuid: "m",
         installPath: "/", startCommand: "s",
         // @ts-expect-error: containerCommand arrived in 5.5.22
         containerCommand: "c",
       });`,
    );
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8" })).not.toThrow();
  });

  it("starts the zstack-model-services bin, which serves the API", async () => {
    const bin = join(consumer, "node_modules/.bin/zstack-model-services");
    const child = spawn(bin, ["serve", "--port", "0", "--db", join(consumer, "data/bin.db")], {
      cwd: consumer,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const port = await listeningPort(child);
      writeFileSync(
        join(consumer, "call.mjs"),
        `import { createZStackClient } from "zstack-model-services/client";
         const client = createZStackClient({ baseUrl: "http://127.0.0.1:${port}" });
         await client.login({ accountName: "admin", password: "password" });
         const yaml = "services:\\n  - name: a\\n";
         const center = await client.addModelCenter({
           name: "lab", url: "192.168.10.12:/ai/mc", managementIp: "127.0.0.1", managementPort: 5000,
         });
         const added = await client.addModelService({
           name: "from a consumer", yaml, requestCpu: 1, requestMemory: 512, modelCenterUuid: center.uuid,
           installPath: "/opt/a", startCommand: "run",
         });
         console.log(JSON.stringify(await client.getModelService(added.uuid)));`,
      );
      expect(JSON.parse(run("call.mjs"))).toMatchObject({
        name: "from a consumer",
        requestMemory: 512,
        type: "Endpoint",
      });
    } finally {
      child.kill("SIGTERM");
    }
    expect(
      await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve))),
    ).toBe(0);
  });

  it("runs docs/testing.md's Vitest and node:test examples against startStandIn", () => {
    const docs = readFileSync(join(repoRoot, "docs/testing.md"), "utf8");
    const example = (name: string) =>
      new RegExp(`<!-- ${name}:start -->\n\`\`\`\\w+\n([\\s\\S]*?)\`\`\``).exec(docs)![1]!;
    writeFileSync(join(consumer, "stand-in.test.ts"), example("vitest"));
    writeFileSync(join(consumer, "stand-in.node-test.mjs"), example("node-test"));
    // The consumer's `vitest` is this checkout's (a consumer would install it); the test imports it by name.
    symlinkSync(join(repoRoot, "node_modules/vitest"), join(consumer, "node_modules/vitest"), "dir");
    const vitest = join(repoRoot, "node_modules/vitest/vitest.mjs");
    const options = {
      cwd: consumer,
      encoding: "utf8" as const,
      stdio: ["ignore", "pipe", "pipe"] as ("ignore" | "pipe")[],
    };
    expect(execFileSync(process.execPath, [vitest, "run", "--root", consumer, "stand-in.test.ts"], options)).toMatch(
      /1 passed/,
    );
    expect(execFileSync(process.execPath, ["--test", "stand-in.node-test.mjs"], options)).toMatch(/# pass 1/);
  }, 120_000);

  it("serves the control routes with --control and applies --seed at start", async () => {
    const center = "0123456789ab4def8123456789abcdee";
    writeFileSync(
      join(consumer, "seed.yaml"),
      `AddModelCenter:\n  - { resourceUuid: "${center}", name: seeded, ` +
        `url: "h:/mc", managementIp: 10.0.0.2, managementPort: 80 }\n`,
    );
    const bin = join(consumer, "node_modules/.bin/zstack-model-services");
    const child = spawn(bin, ["serve", "--port", "0", "--db", ":memory:", "--control", "--seed", "seed.yaml"], {
      cwd: consumer,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const port = await listeningPort(child);
      writeFileSync(
        join(consumer, "control.mjs"),
        `import { createZStackClient } from "zstack-model-services/client";
         const base = "http://127.0.0.1:${port}";
         const client = createZStackClient({ baseUrl: base });
         await client.login({ accountName: "admin", password: "password" });
         const json = { "Content-Type": "application/json" };
         const fault = await fetch(base + "/zms/v1/faults", { method: "POST", headers: json,
           body: JSON.stringify({ api: "QueryModelCenter", code: "SYS.1000" }) });
         const failed = await client.queryModelCenters().catch((e) => e.code);
         const names = (await client.queryModelCenters()).inventories.map((c) => c.name);
         const journal = await (await fetch(base + "/zms/v1/journal")).json();
         const reset = await fetch(base + "/zms/v1/reset", { method: "POST" });
         const after = (await client.queryModelCenters()).inventories;
         console.log(JSON.stringify({ fault: fault.status, failed, names, calls: journal.entries.length,
           reset: reset.status, after }));`,
      );
      expect(JSON.parse(run("control.mjs"))).toEqual({
        fault: 204,
        failed: "SYS.1000",
        names: ["seeded"],
        calls: 3,
        reset: 204,
        after: [],
      });
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("publishes no tests, spec sources or benchmarks", () => {
    const files = (
      JSON.parse(npm(["pack", "--dry-run", "--json", "--ignore-scripts"], repoRoot)) as { files: { path: string }[] }[]
    )[0]!.files.map((f) => f.path);
    expect(files.filter((f) => /^(test|bench|spec|server|client)\//.test(f))).toEqual([]);
    expect(files).toContain("generated/openapi/5.5.22.yaml");
    expect(files).toContain("dist/client/index.d.ts");
    expect(readFileSync(join(repoRoot, "package.json"), "utf8")).toContain(
      '"zstack-model-services": "dist/server/cli.js"',
    );
  });
});
