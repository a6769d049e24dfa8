// Servers run as compiled JavaScript under plain `node`, as `npm start` runs them: under tsx's loader a
// process carries a loader thread (tens of MB of RSS) and transpiles at start, which would distort the
// peak-RSS and start-up figures. The build goes to a private folder so it never races anyone's `dist/`.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { packageRoot } from "../../server/package-root.js";

/** Inside the package (so the server still finds its package root and node_modules), ignored by git. */
const cacheRoot = join(packageRoot, "node_modules/.cache/zms-bench-build");
/** One folder per run, so that two runs at once never delete each other's servers. */
export const buildDir = join(cacheRoot, `run-${process.pid}`);

/** Removes build folders of runs whose process is gone. */
function removeStaleBuilds(): void {
  if (!existsSync(cacheRoot)) return;
  for (const entry of readdirSync(cacheRoot)) {
    const pid = /^run-(\d+)$/.exec(entry)?.[1];
    if (pid && Number(pid) !== process.pid && !existsSync(`/proc/${pid}`))
      rmSync(join(cacheRoot, entry), { recursive: true, force: true });
  }
}

export function removeBuild(): void {
  rmSync(buildDir, { recursive: true, force: true });
}

export interface BenchEntries {
  /** The CLI (`serve ...`). */
  cli: string;
  /** bench/echo-server. */
  echo: string;
  /** bench/plain-stack-server. */
  plainStack: string;
}

/** The .ts entries themselves, run through tsx (`--runtime tsx`). */
export const sourceEntries: BenchEntries = {
  cli: "server/cli.ts",
  echo: "bench/echo-server.ts",
  plainStack: "bench/plain-stack-server.ts",
};

/** Compiles server/, client/ and generated/types with tsconfig.build.json, and the bench's servers, into buildDir. */
export function buildEntries(): BenchEntries {
  removeStaleBuilds();
  removeBuild();
  mkdirSync(buildDir, { recursive: true });
  // Under node_modules/ a file has no package scope of its own: say that this folder's .js files are ESM. The
  // package's name makes this folder the built server's package root, and the generated files it reads are copied
  // in: otherwise, with node_modules a symlink (a git worktree's), the server would read another checkout's.
  writeFileSync(
    join(buildDir, "package.json"),
    '{ "name": "zstack-model-services", "type": "module", "private": true }\n',
  );
  cpSync(join(packageRoot, "generated"), join(buildDir, "generated"), {
    recursive: true,
    filter: (source) => !source.endsWith(".ts"),
  });
  try {
    execFileSync(
      process.execPath,
      [
        join(packageRoot, "node_modules/typescript/bin/tsc"),
        "-p",
        "tsconfig.build.json",
        "--outDir",
        buildDir,
        "--declaration",
        "false",
        "--sourceMap",
        "false",
      ],
      {
        cwd: packageRoot,
        stdio: "pipe",
      },
    );
  } catch (error) {
    // Type errors still emit JavaScript; only a missing output is fatal.
    const output = String((error as { stdout?: Buffer }).stdout ?? "").trim();
    if (output) console.warn(`tsc reported (the build is used anyway):\n${output.split("\n").slice(0, 10).join("\n")}`);
  }
  const cli = join(buildDir, "server/cli.js");
  if (!existsSync(cli)) throw new Error(`the build did not produce ${cli}`);
  mkdirSync(join(buildDir, "bench"), { recursive: true });
  // The bench's own servers import the built server's modules by relative paths, which hold in buildDir too.
  const transpiled = (name: string): string => {
    const source = readFileSync(join(packageRoot, `bench/${name}.ts`), "utf8");
    const output = join(buildDir, `bench/${name}.js`);
    const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
    writeFileSync(output, ts.transpileModule(source, { compilerOptions }).outputText);
    return output;
  };
  return { cli, echo: transpiled("echo-server"), plainStack: transpiled("plain-stack-server") };
}
