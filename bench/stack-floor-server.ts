// stack-floor-*: the least an AddModelService can cost on this package's stack, to read `add`'s ratio against.
// Express 5 with express.json(), express-openapi-validator as shipped (no speed-ups of ours) validating requests
// and responses on the served 5.5.22 document, and the same SQLite work as an add (the store, its group commit,
// the center's read, the service row and the finished job's row); none of the rest: no session, no log line, no
// body checks of our own, no inventory, no job uuid or web hook. With `none` for the file, no SQLite work either:
// the stack alone. Usage: stack-floor-server.ts <port> <db file | none>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import * as OpenApiValidator from "express-openapi-validator";
import { packageRoot } from "../server/package-root.js";
import { openSqliteStore } from "../server/store/sqlite/store.js";
import type { StoredRecord } from "../server/store/tables.js";
import { newUuid } from "../server/zstack/uuids.js";

const [port, file] = [Number(process.argv[2]), process.argv[3]!];
const host = "127.0.0.1";
const store = file === "none" ? undefined : await openSqliteStore(file);
const document = JSON.parse(readFileSync(join(packageRoot, "generated/server/openapi/5.5.22.json"), "utf8"));

const app = express();
app.use(express.json({ limit: "1mb" }));
app.get("/readyz", (_request, response) => {
  response.json({ status: "ok" });
});
app.use(
  OpenApiValidator.middleware({
    apiSpec: document,
    validateApiSpec: false,
    validateRequests: { allErrors: true },
    validateResponses: true,
    validateSecurity: false,
  }),
);
app.post("/zstack/v1/ai/model-services", async (request, response) => {
  const { param } = request.body as { param: Record<string, unknown> };
  const now = Date.now();
  const service = {
    type: "Endpoint",
    source: "Other",
    system: false,
    supportDistributed: false,
    ...param,
    uuid: newUuid(),
    createDate: now,
    lastOpDate: now,
  } as StoredRecord;
  const jobUuid = newUuid();
  const outcome = { status: 200 as const, body: { inventory: service } };
  await store?.write({
    reads: [{ as: "center", table: "model_centers", values: [String(param.modelCenterUuid)], lock: "share" }],
    presenceOnly: true,
    decide: () => ({
      changes: [{ op: "insert", table: "model_services", record: service }],
      job: { uuid: jobUuid, apiName: "AddModelService", outcome, now },
      result: outcome,
    }),
  });
  response
    .status(202)
    .json({ location: `http://${host}:${port}/zstack/v1/api-jobs/${jobUuid}`, apiTimeout: 10_800_000 });
});
app.use(
  (
    error: { status?: number; message?: string },
    _request: express.Request,
    response: express.Response,
    _next: express.NextFunction,
  ) => {
    response.status(error.status ?? 500).json({ error: { description: error.message } });
  },
);

const server = app.listen(port, host);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
