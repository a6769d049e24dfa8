// The stand-in's controls, one set per server: fault rules, the journal, reset and a model center's status.
// `startStandIn` calls them in process; `--control` also serves them over HTTP (control-routes.ts). Both check a
// rule against generated/control-openapi.yaml, the document spec/control/ compiles to.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Express, Request, RequestHandler } from "express";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { load } from "js-yaml";
import type { ServerContext } from "../context.js";
import { adminAccountName } from "../accounts/admin.js";
import { startSession } from "../accounts/sessions.js";
import { generatedDir } from "../package-root.js";
import { resources } from "../resources/index.js";
import { newUuid } from "../zstack/uuids.js";
import { type Actions, actionsOf } from "./actions.js";
import { type FaultRule, Faults, faultMiddleware } from "./faults.js";
import { Journal, type JournalEntry, journalMiddleware } from "./journal.js";

export type { FaultRule } from "./faults.js";
export type { JournalEntry } from "./journal.js";

/** Sets a model center's `status`, as ZStack does when it loses (or regains) the center's management endpoint. */
export interface ModelCenterStatusRule {
  modelCenterUuid: string;
  status: "Connected" | "Disconnected";
}

/** A control request that cannot be applied: the control routes answer it 400, `fail()` throws it. */
export class ControlError extends Error {
  override name = "ControlError";
}

export interface StandInControls {
  /** Adds a fault rule, or sets a model center's status. */
  fail(rule: FaultRule | ModelCenterStatusRule): Promise<void>;
  clearFaults(): void;
  journal(): JournalEntry[];
  /** Every resource, job and access key gone, the fault rules and the journal too; accounts and sessions stay. */
  reset(): Promise<void>;
  /** A new session of the admin account, made in process (a login would pay for the password hash). */
  adminSession(): Promise<string>;
  /** Pauses the journal (the seed's own calls are not the test's). */
  readonly journalLog: Journal;
  readonly actions: Actions;
}

/** What the app installs around its pipeline for the controls. */
export interface ControlHooks {
  /** First of all: the journal sees every answer. */
  first: RequestHandler;
  /** After routing, authentication and validation, before the operation's handler: faults apply here. */
  beforeHandlers: RequestHandler;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let ruleValidators: { fault: ValidateFunction; modelCenter: ValidateFunction } | undefined;

/** The control document's rule schemas, compiled once per process. */
function validators(): { fault: ValidateFunction; modelCenter: ValidateFunction } {
  if (!ruleValidators) {
    const doc = load(readFileSync(join(generatedDir, "control-openapi.yaml"), "utf8")) as {
      components: { schemas: Record<string, object> };
    };
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas))
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    ruleValidators = {
      fault: ajv.getSchema("#/components/schemas/FaultRule")!,
      modelCenter: ajv.getSchema("#/components/schemas/ModelCenterStatusRule")!,
    };
  }
  return ruleValidators;
}

/** What is wrong with a rule (by field), or undefined when the document accepts it. */
export function ruleProblems(rule: unknown): string | undefined {
  if (!rule || typeof rule !== "object" || Array.isArray(rule)) return "the rule must be a JSON object";
  const isModelCenter = "modelCenterUuid" in rule && !("api" in rule);
  const validate = isModelCenter ? validators().modelCenter : validators().fault;
  const schemaName = isModelCenter ? "ModelCenterStatusRule" : "FaultRule";
  if (validate(rule)) return undefined;
  return (validate.errors ?? [])
    .map((error) => {
      const field = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
      if (error.keyword === "additionalProperties")
        return `${String(error.params.additionalProperty)}: not a field of ${schemaName}`;
      if (error.keyword === "required") return `${String(error.params.missingProperty)}: is required`;
      return `${field || "rule"}: ${error.message}`;
    })
    .join("; ");
}

const registry = new WeakMap<Express, StandInControls>();

/** The controls of a server's app (created with the `control` option or by startStandIn). */
export function controlsOf(app: Express): StandInControls | undefined {
  return registry.get(app);
}

export function registerControls(app: Express, controls: StandInControls): void {
  registry.set(app, controls);
}

export function createControls(
  ctx: ServerContext,
  isWarmUp: (req: Request) => boolean,
): { controls: StandInControls; hooks: ControlHooks } {
  const actions = actionsOf(ctx.contract);
  const faults = new Faults();
  const journal = new Journal();
  const modelCenters = resources.find((resource) => resource.definition.inventory === "ModelCenterInventory");

  async function setModelCenterStatus({ modelCenterUuid, status }: ModelCenterStatusRule): Promise<void> {
    if (!modelCenters) throw new ControlError(`API version ${ctx.contract.apiVersion} has no model centers`);
    const now = Date.now();
    const updated = await ctx.store.update(
      modelCenters.definition.table,
      modelCenterUuid.toLowerCase(),
      { status, lastOpDate: now },
      // The store writes every change with a job; this one is the stand-in's, and no poll asks for it.
      () => ({ uuid: newUuid(), apiName: "StandInModelCenterStatus", outcome: { status: 200, body: {} }, now }),
    );
    if (!updated) throw new ControlError(`modelCenterUuid: no model center ${modelCenterUuid}`);
  }

  const controls: StandInControls = {
    async fail(rule) {
      const problems = ruleProblems(rule);
      if (problems) throw new ControlError(problems);
      if ("modelCenterUuid" in rule) return setModelCenterStatus(rule);
      if (!actions.byName.has(rule.api))
        throw new ControlError(
          `api: ${rule.api} is not an action of API version ${ctx.contract.apiVersion} ` +
            `(e.g. ${[...actions.byName.keys()].slice(0, 4).join(", ")})`,
        );
      if (rule.code === undefined && rule.delayMs === undefined)
        throw new ControlError("code: is required unless delayMs is given");
      faults.add(rule);
    },
    clearFaults: () => faults.clear(),
    journal: () => journal.list(),
    async reset() {
      await ctx.store.reset();
      faults.clear();
      journal.clear();
    },
    async adminSession() {
      const admin = await ctx.store.findAccount(adminAccountName);
      if (!admin) throw new Error("the admin account is missing");
      return (await startSession(ctx, admin)).uuid;
    },
    journalLog: journal,
    actions,
  };
  return {
    controls,
    hooks: {
      first: journalMiddleware(journal, actions, isWarmUp),
      beforeHandlers: faultMiddleware(ctx, faults, actions),
    },
  };
}
