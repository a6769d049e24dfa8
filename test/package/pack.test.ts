// The package as users get it: `npm pack`, installed into a fresh consumer project, used from there — the
// client and the server imported by their public names, the published documents resolved, the types
// checked by TypeScript, and the `zstack-model-services` bin started.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
       const doc = (p) => readFileSync(fileURLToPath(import.meta.resolve(p)), "utf8").split("\\n", 1)[0];
       console.log(JSON.stringify({
         client: [typeof createZStackClient, typeof ZStackApiError, typeof AddModelServiceAction, typeof parseGsonDate],
         server: typeof createZStackServer,
         openapi: doc("zstack-model-services/openapi/5.3.28.yaml"),
         openapi31: doc("zstack-model-services/openapi-3.1/5.5.22.yaml"),
       }));`,
    );
    expect(JSON.parse(run("imports.mjs"))).toEqual({
      client: ["function", "function", "function", "function"],
      server: "function",
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
      const port = await new Promise<number>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`the bin exited with ${code}`)));
        createInterface({ input: child.stdout! }).on("line", (line) => {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === "listening") resolve(entry.port!);
        });
      });
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
