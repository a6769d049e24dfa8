// Deployments on PostgreSQL: the main path, and several server instances sharing one database, where any of them
// finishes a deployment another began (a claim in the database, with an expiring lease) and no job ends twice.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, vi } from "vitest";
import { deploymentMainPath, groupCalls } from "../helpers/instance-groups.js";
import { describeOnPostgres, useTestSchema } from "../helpers/postgres.js";
import { startServer, type TestServer } from "../helpers/server.js";

describeOnPostgres("deployments on PostgreSQL", () => {
  const schema = useTestSchema("deployments");

  it("deploys, answers livez, renames and deletes", async () => {
    const zs = await startServer({ db: schema.url, deploySeconds: 0 });
    try {
      await deploymentMainPath(zs, await zs.login());
    } finally {
      await zs.close();
    }
  });

  it("is finished by another instance once the one that began it is gone", async () => {
    const options = { db: schema.url, deploySeconds: 0.6, deployLeaseSeconds: 0.5 };
    const first = await startServer(options);
    const second = await startServer(options);
    try {
      const calls = groupCalls(first, await first.login());
      const service = await calls.newService("handed-over");
      const accepted = await calls.deploy(service.uuid);
      await first.close();
      const session = await second.login();
      const job = await groupCalls(second, session).settle({
        ...accepted,
        body: { location: accepted.body.location.replace(first.url, second.url) },
      });
      expect(job.status, JSON.stringify(job.body)).toBe(200);
      expect(job.body.inventory).toMatchObject({ modelServiceUuid: service.uuid, status: "Running" });
    } finally {
      await second.close();
      await first.close();
    }
  }, 30_000);

  it("ends each job once, however many instances run the deployments", async () => {
    const deliveries: string[] = [];
    const receiver = createServer((req: IncomingMessage, res) => {
      deliveries.push(String(req.headers["x-job-uuid"]));
      req.resume();
      req.on("end", () => res.end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const options = { db: schema.url, deploySeconds: 0.4, deployLeaseSeconds: 0.3, webhookAllow: [hook] };
    const servers: TestServer[] = [];
    try {
      for (let i = 0; i < 3; i++) servers.push(await startServer(options));
      const calls = groupCalls(servers[2]!, await servers[2]!.login());
      const service = await calls.newService("raced");
      const accepted = [];
      for (let i = 0; i < 6; i++) {
        const deployer = servers[0]!;
        const answer = await deployer.call(`/zstack/v1/ai/model-services/${service.uuid}`, {
          method: "PUT",
          headers: deployer.auth(await deployer.login(), { "X-Web-Hook": `${hook}/done` }),
          body: { deployModelService: { name: `raced-${i}`, zoneUuid: "zone", type: "VirtualMachine" } },
        });
        expect(answer.status).toBe(202);
        accepted.push(answer);
        // Hand the claims around: the instance that began a deployment stops holding it.
        if (i === 2) await servers.shift()!.close();
      }
      for (const answer of accepted) expect((await calls.settle(answer)).status).toBe(200);
      const jobs = accepted.map((answer) => new URL(answer.body.location).pathname.split("/").pop());
      // A job's webhook is sent once the job has ended: wait until each job's has come, then see none came twice.
      await vi.waitFor(() => expect(new Set(deliveries)).toEqual(new Set(jobs)), { timeout: 10_000, interval: 25 });
      expect([...deliveries].sort()).toEqual([...jobs].sort());
    } finally {
      for (const server of servers) await server.close();
      receiver.close();
    }
  }, 60_000);
});
