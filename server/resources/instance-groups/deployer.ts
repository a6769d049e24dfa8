// Deployments are simulated, visibly (DESIGN.md Decision 9): no VM or container starts, but a group walks ZStack's
// statuses over --deploy-seconds, each of Deploying, ConfigSettingUp and ServiceBootingUp taking a third of it
// (every one stored, in order), and its job answers once the group is Running. The walk is durable work: every
// step is stored, the time it is due follows from when the deployment began, and a deployment is held by one
// server instance through a lease in the group's record (taken and renewed inside the step's transaction, with the
// row locked), so that after a crash the restarted server, or on PostgreSQL any other instance, finishes it once
// the lease has expired, and two never both finish it.
import type { ServerContext } from "../../context.js";
import type { Change, JobOutcome, StoredRecord } from "../../store/types.js";
import { inventoriesOf } from "../../zstack/resource.js";
import { newUuid } from "../../zstack/uuids.js";
import {
  type Deployment,
  deploySteps,
  instanceGroups,
  modelServiceInstances,
  running,
  type StoredGroup,
} from "./definition.js";

/** How often idle servers look for deployments left by others (or by a crash), in ms. */
const idlePollMs = 1000;

export interface Deployer {
  /** This server instance's name on the leases it holds. */
  owner: string;
  /** The lease of a deployment this instance begins or continues at `now`. */
  lease(now: number): Pick<Deployment, "leaseOwner" | "leaseUntil">;
  /** Looks at the deployments soon (a new one was stored). */
  kick(): void;
}

const deployers = new WeakMap<ServerContext, DeployerLoop>();

/** The deployer of this server (one per ServerContext). */
export function deployerOf(ctx: ServerContext): Deployer {
  let deployer = deployers.get(ctx);
  if (!deployer) {
    deployer = new DeployerLoop(ctx);
    deployers.set(ctx, deployer);
  }
  return deployer;
}

/** Starts the deployer's loop (resource `background`). */
export function runDeployer(ctx: ServerContext): { stop(): Promise<void> } {
  const loop = deployerOf(ctx) as DeployerLoop;
  loop.start();
  return { stop: () => loop.stop() };
}

/**
 * The status a group in `status` takes at `now`, its deployment begun at `startedAt`: the next one once it is due,
 * one step at a time, so that every status is stored even when the server was busy (or down) when it fell due.
 */
export function nextStatus(status: string, startedAt: number, now: number, deploySeconds: number): string {
  const current = Math.max(0, deploySteps.indexOf(status as (typeof deploySteps)[number]));
  const stepMs = (deploySeconds * 1000) / (deploySteps.length - 1);
  const due = stepMs <= 0 ? deploySteps.length - 1 : Math.floor((now - startedAt) / stepMs);
  return deploySteps[Math.min(deploySteps.length - 1, current + 1, Math.max(current, due))]!;
}

class DeployerLoop implements Deployer {
  readonly owner = newUuid();
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private stopped = true;
  private readonly leaseMs: number;
  private readonly tickMs: number;

  constructor(private readonly ctx: ServerContext) {
    this.leaseMs = ctx.options.deployLeaseSeconds * 1000;
    const stepMs = (ctx.options.deploySeconds * 1000) / (deploySteps.length - 1);
    this.tickMs = Math.min(idlePollMs, Math.max(20, stepMs / 4));
  }

  lease(now: number) {
    return { leaseOwner: this.owner, leaseUntil: now + this.leaseMs };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.busy;
  }

  kick(): void {
    if (!this.stopped) this.schedule(this.tickMs);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.busy ??= this.tick().finally(() => {
        this.busy = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One look at every unfinished deployment; the next comes sooner while some are under way. */
  private async tick(): Promise<void> {
    let pending = 0;
    try {
      const { records = [] } = await this.ctx.store.query(instanceGroups.table, {
        conditions: [{ field: "status", op: "!=", values: [running] }],
        limit: 200,
        start: 0,
        count: false,
        replyWithCount: false,
      });
      const now = Date.now();
      for (const group of records as StoredGroup[]) {
        if (this.stopped) return;
        if (!group.deployment) continue;
        pending++;
        if (this.due(group, now)) await this.advance(group.uuid);
      }
    } catch (err) {
      this.ctx.logger.warn({ err }, "deployments: a step failed; it is retried");
    }
    if (!this.stopped) this.schedule(pending > 0 ? this.tickMs : idlePollMs);
  }

  /** Whether this instance has something to write for the group: a new status, or a lease to take or renew. */
  private due(group: StoredGroup, now: number): boolean {
    const deployment = group.deployment!;
    const mine = deployment.leaseOwner === this.owner;
    if (!mine && deployment.leaseUntil > now) return false;
    const status = nextStatus(group.status ?? "", deployment.startedAt, now, this.ctx.options.deploySeconds);
    return status !== group.status || !mine || deployment.leaseUntil - now < this.leaseMs / 2;
  }

  /** The group's next step, decided inside the transaction on the locked row; finishes the job at Running. */
  private async advance(uuid: string): Promise<void> {
    const inventories = inventoriesOf(this.ctx, instanceGroups);
    const finished = await this.ctx.store.write<{ jobUuid: string; outcome: JobOutcome } | undefined>({
      reads: [
        { as: "group", table: instanceGroups.table, values: [uuid], lock: "update" },
        {
          as: "instances",
          table: modelServiceInstances.table,
          column: "model_service_group_uuid",
          values: [uuid],
          lock: "update",
        },
      ],
      decide: (found) => {
        const group = found.group![0] as StoredGroup | undefined;
        const now = Date.now();
        if (!group?.deployment || group.status === running || !this.due(group, now))
          return { changes: [], result: undefined };
        const { deployment } = group;
        const status = nextStatus(group.status ?? "", deployment.startedAt, now, this.ctx.options.deploySeconds);
        const lastOpDate = status === group.status ? group.lastOpDate : now;
        if (status !== running) {
          const record = { ...group, status, lastOpDate, deployment: { ...deployment, ...this.lease(now) } };
          return { changes: [{ op: "update", table: instanceGroups.table, record }], result: undefined };
        }
        const { deployment: _done, ...rest } = group;
        const record = { ...rest, status, lastOpDate } as StoredRecord;
        const instances = found.instances!.map((instance) => ({ ...instance, status: running, lastOpDate: now }));
        const outcome: JobOutcome = {
          status: 200,
          body: { inventory: inventories.toInventory({ ...record, instances }) },
        };
        const changes: Change[] = [
          { op: "update", table: instanceGroups.table, record },
          ...instances.map((instance) => ({
            op: "update" as const,
            table: modelServiceInstances.table,
            record: instance,
          })),
          { op: "finishJob", uuid: deployment.jobUuid, outcome, now },
        ];
        return { changes, result: { jobUuid: deployment.jobUuid, outcome } };
      },
    });
    if (finished) await callJobWebHook(this.ctx, finished.jobUuid, finished.outcome);
  }
}

/** The webhook of a job that ended after its call was answered (a deployment), if its caller asked for one. */
export async function callJobWebHook(ctx: ServerContext, jobUuid: string, outcome: JobOutcome): Promise<void> {
  const job = await ctx.store.getJob(jobUuid);
  if (job?.webHook) ctx.webhooks.deliver(job.webHook, jobUuid, outcome);
}
