// The two read APIs every resource has, built from its definition: Query<Resource> (ZStack's query syntax) and
// the get by uuid, which like ZStack's is a query by uuid and answers a list. Answers are reused while the store
// reports no change (performance/answer-cache.ts).
import type { Request, RequestHandler, Response } from "express";
import type { ServerContext } from "../context.js";
import { wantsJsonSchema } from "../context.js";
import { answerKey, sendAndKeep, sendKeptAnswer } from "../performance/answer-cache.js";
import { zstackErrors } from "./errors.js";
import { type Inventory, jsonSchemaMap } from "./inventory.js";
import { parseQuery, QueryParameterError } from "./query/parse.js";
import { completeRecords, type ResourceDefinition, visibleInventoriesOf, visibleShape } from "./resource.js";

function inventoriesBody(
  req: Request,
  definition: ResourceDefinition,
  inventories: Inventory[],
  total?: number,
): unknown {
  const result: { inventories: Inventory[]; total?: number; schema?: Record<string, string> } = { inventories };
  if (total !== undefined) result.total = total;
  if (wantsJsonSchema(req)) result.schema = jsonSchemaMap(result, definition.javaClasses);
  return result;
}

/** A read's 200 answer: the one kept for this request if the data has not changed since, else `build`'s (then kept). */
async function answerRead(
  ctx: ServerContext,
  req: Request,
  res: Response,
  build: () => Promise<unknown>,
): Promise<void> {
  if (!ctx.answers.enabled) {
    res.status(200).json(await build());
    return;
  }
  const key = answerKey(req, wantsJsonSchema(req));
  const version = ctx.store.dataVersion();
  const kept = ctx.answers.get(version, key);
  if (kept !== undefined) return sendKeptAnswer(res, kept);
  const body = await build();
  sendAndKeep(res, body, (text) => ctx.answers.set(version, key, text));
}

export function getHandler(definition: ResourceDefinition) {
  return (ctx: ServerContext): RequestHandler => {
    const inventories = visibleInventoriesOf(ctx, definition);
    return (req, res) =>
      answerRead(ctx, req, res, async () => {
        const record = await ctx.store.get(definition.table, String(req.params.uuid));
        const records = await completeRecords(ctx.store, definition, record ? [record] : []);
        return inventoriesBody(
          req,
          definition,
          records.map((found) => inventories.toInventory(found)),
        );
      });
  };
}

export function queryHandler(definition: ResourceDefinition) {
  return (ctx: ServerContext): RequestHandler => {
    const inventories = visibleInventoriesOf(ctx, definition);
    // Concealed fields are unknown to `q`, `sort` and `fields`: a filter on a secret would reveal it bit by bit.
    const shape = visibleShape(ctx.contract.inventory(definition.inventory), definition);
    const timeZone = ctx.options.timeZone;
    return (req, res) =>
      answerRead(ctx, req, res, async () => {
        let parsed: ReturnType<typeof parseQuery>;
        try {
          parsed = parseQuery(req.query as Record<string, unknown>, shape, { timeZone });
        } catch (err) {
          if (err instanceof QueryParameterError) throw zstackErrors.badRequest(err.message);
          throw err;
        }
        const { query, fields } = parsed;
        const { records, total } = await ctx.store.query(definition.table, query);
        // ZStack adds `schema` to every answer when asked, a count's too (its map is then empty).
        if (query.count) return wantsJsonSchema(req) ? { total: total ?? 0, schema: {} } : { total: total ?? 0 };
        const complete = await completeRecords(ctx.store, definition, records ?? [], fields);
        const page = complete.map((record) => inventories.toInventory(record, fields));
        return inventoriesBody(req, definition, page, query.replyWithCount ? total : undefined);
      });
  };
}
