// What an instance's `url` answers (DESIGN.md Decision 9): nothing runs, but health checks written for a real
// instance work. Its liveness and readiness paths (the group's own `serviceLivez` / `serviceReadyz`, else the
// service YAML's first `services` entry's `livez` / `readyz`, else `/livez` and `/readyz`; several segments allowed)
// answer 200 once the instance is Running and 503 before; any other path 501, saying that no model runs here.
// Mounted before validation, outside the documents, and without a session, as a real instance needs none.
import { type Request, type Response, Router } from "express";
import { load } from "js-yaml";
import type { ServerContext } from "../../context.js";
import { ZStackError, zstackErrors } from "../../zstack/errors.js";
import { instanceGroups, modelServiceInstances, running, type StoredGroup } from "./definition.js";

/** A path as compared: one leading slash, no trailing one. */
function normalized(path: string): string {
  return `/${path.split("/").filter(Boolean).join("/")}`;
}

/** The service YAML's `livez` and `readyz`, where it names them (a YAML that does not parse names none). */
function yamlPaths(yaml: string | undefined): { livez?: string; readyz?: string } {
  if (!yaml) return {};
  try {
    const doc = load(yaml) as { services?: { livez?: unknown; readyz?: unknown }[] } | undefined;
    const service = Array.isArray(doc?.services) ? doc.services[0] : undefined;
    const named = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
    return { livez: named(service?.livez), readyz: named(service?.readyz) };
  } catch {
    return {};
  }
}

/** The health paths of a group's instances, in order of precedence; the YAML is read only when needed. */
export function healthPaths(group: StoredGroup): { livez: string; readyz: string } {
  const fromYaml = group.serviceLivez && group.serviceReadyz ? {} : yamlPaths(group.yaml);
  return {
    livez: normalized(group.serviceLivez ?? fromYaml.livez ?? "/livez"),
    readyz: normalized(group.serviceReadyz ?? fromYaml.readyz ?? "/readyz"),
  };
}

export function instanceEndpoints(ctx: ServerContext): Router {
  const router = Router();
  const send = (res: Response, error: ZStackError) => res.status(error.status).json(error.body());
  router.all("/:instanceUuid{/*rest}", async (req: Request, res: Response) => {
    const instanceUuid = String(req.params.instanceUuid);
    const rest = req.params.rest as unknown as string[] | undefined;
    const path = normalized((rest ?? []).join("/"));
    const instance = await ctx.store.get(modelServiceInstances.table, instanceUuid);
    const group = instance
      ? ((await ctx.store.get(instanceGroups.table, String(instance.modelServiceGroupUuid))) as StoredGroup | undefined)
      : undefined;
    if (!instance || !group)
      return send(res, zstackErrors.notFound(`no model service instance[uuid:${instanceUuid}] here`));
    const { livez, readyz } = healthPaths(group);
    const health = (req.method === "GET" || req.method === "HEAD") && (path === livez || path === readyz);
    if (!health)
      return send(
        res,
        new ZStackError(
          501,
          "SYS.1008",
          "No model runs here",
          `this server simulates model service instances: instance[uuid:${instanceUuid}] answers only GET ${livez} ` +
            `and GET ${readyz}, no model runs behind them`,
        ),
      );
    if (instance.status !== running)
      return send(
        res,
        new ZStackError(
          503,
          "SYS.1006",
          "The model service instance is not running",
          `instance[uuid:${instanceUuid}] is ${String(instance.status)}`,
        ),
      );
    res.status(200).json({ status: running, instanceUuid });
  });
  return router;
}
