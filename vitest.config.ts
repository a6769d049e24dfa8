import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files run in parallel, each with its own server, temp SQLite file and PostgreSQL schema.
    pool: "forks",
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    coverage: {
      provider: "v8",
      include: ["server/**/*.ts", "client/**/*.ts"],
      // The bin's two-line entry runs only as a child process (test/server/cli.test.ts, test/scale, test/package).
      // The checkpointer's worker runs only in a worker thread, which the v8 provider does not collect from;
      // test/store/checkpointer.test.ts fails if it does not do its work.
      exclude: ["server/cli.ts", "server/store/sqlite/checkpoint-worker.ts"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 90 },
    },
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"] } },
      // The whole contract suite once more, every exchange judged by Stoplight Prism (test/contract/judge.ts).
      {
        extends: true,
        test: {
          name: "judged-by-prism",
          include: ["test/contract/**/*.test.ts"],
          env: { ZMS_CONTRACT_JUDGE: "prism" },
        },
      },
      // Once more without the read cache (--read-cache-mb 0), so that a cached answer cannot hide a wrong one.
      {
        extends: true,
        test: {
          name: "read-cache-off",
          include: ["test/contract/**/*.test.ts"],
          env: { ZMS_CONTRACT_READ_CACHE: "0" },
        },
      },
    ],
  },
});
