// plain-stack-*: the same work as `add` and `get-uncached` on this package's stack used plainly, to read their
// ratios against. Express 5 with express.json(), express-openapi-validator as shipped (none of the package's
// speed-ups to it) validating requests and responses on the served 5.5.22 document, and for an add the same SQLite
// work through the package's store (the center's read, which must find the center the server adds at start, the
// service row and the finished job's row, group commit);
// for a get the row and its bindings read through the store and the inventory written by the package's writer.
// None of the rest: no session, log line, body checks of ours, read cache, job uuid or web hook. With `none` for
// the file, an add answers without its writes: the stack alone. Usage: plain-stack-server.ts <port> <db file | none>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import * as OpenApiValidator from "express-openapi-validator";
import { loadContract } from "../server/contract/index.js";
import { packageRoot } from "../server/package-root.js";
import { modelServices } from "../server/resources/model-services/definition.js";
import { openSqliteStore } from "../server/store/sqlite/store.js";
import type { StoredRecord } from "../server/store/tables.js";
import { inventoryWriter } from "../server/zstack/inventory.js";
import { completeRecords } from "../server/zstack/resource.js";
import { newUuid } from "../server/zstack/uuids.js";

const [port, file] = [Number(process.argv[2]), process.argv[3]!];
const host = "127.0.0.1";
const store = file === "none" ? undefined : await openSqliteStore(file);
// The center every add names (the bench's body: 32 zeros), so that its reference check finds a row as `add`'s does.
const centerUuid = "0".repeat(32);
await store?.write({
  reads: [],
  decide: () => {
    const now = Date.now();
    const center = { uuid: centerUuid, name: "bench", url: "http://127.0.0.1", status: "Connected" };
    const record = { ...center, managementIp: "127.0.0.1", managementPort: 8989, createDate: now, lastOpDate: now };
    return { changes: [{ op: "insert", table: "model_centers", record, ifAbsent: true }], result: undefined };
  },
});
const inventories = inventoryWriter(loadContract("5.5.22").inventory(modelServices.inventory), "UTC");
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
  // The defaults AddModelService's handler gives an unset field (server/resources/model-services/handlers.ts),
  // restated here because this server must not use the package's handler.
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
    decide: (found) => {
      if (found.center?.length !== 1) throw new Error(`model center ${String(param.modelCenterUuid)} not found`);
      return {
        changes: [{ op: "insert", table: "model_services", record: service }],
        job: { uuid: jobUuid, apiName: "AddModelService", outcome, now },
        result: outcome,
      };
    },
  });
  response
    .status(202)
    .json({ location: `http://${host}:${port}/zstack/v1/api-jobs/${jobUuid}`, apiTimeout: 10_800_000 });
});
app.get("/zstack/v1/ai/model-services/:uuid", async (request, response) => {
  if (!store) throw new Error("no store");
  const record = await store.get(modelServices.table, request.params.uuid);
  const records = await completeRecords(store, modelServices, record ? [record] : []);
  response.json({ inventories: records.map((found) => inventories.toInventory(found)) });
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
