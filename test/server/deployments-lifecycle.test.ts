// The deployment lifecycle as it unfolds (DESIGN.md Decision 9): stored statuses a query sees at each moment, a job
// that answers 202 `{}` until Running, instances that answer 503 before, a deletion that stops a deployment, and a
// deployment that survives `kill -9` of its server. The few tests here take real time; the others use
// --deploy-seconds 0.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployBody, groupCalls, groupsPath, servicePath } from "../helpers/instance-groups.js";
import { startServerProcess } from "../helpers/server-process.js";
import { addCenter, type Json, logIn, minimalParam, startServer, type TestServer, tempDir } from "../helpers/server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a deployment over --deploy-seconds", () => {
  let zs: TestServer;
  let calls: ReturnType<typeof groupCalls>;
  let session: string;
  // What the webhook receiver got: job uuid → X-Job-Success.
  const hooked = new Map<string, string>();
  let receiver: Server;
  let hook: string;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      hooked.set(String(req.headers["x-job-uuid"]), String(req.headers["x-job-success"]));
      req.resume().on("end", () => res.end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    zs = await startServer({ db: ":memory:", deploySeconds: 2.4, webhookAllow: [hook] });
    session = await zs.login();
    calls = groupCalls(zs, session);
  });
  afterAll(async () => {
    await zs.close();
    receiver.close();
  });

  /** DeployModelService with a webhook; the 202 and its job's uuid. */
  const deployHooked = async (uuid: string) => {
    const accepted = await zs.call(servicePath(uuid), {
      method: "PUT",
      headers: zs.auth(session, { "X-Web-Hook": `${hook}/done` }),
      body: deployBody(),
    });
    return { accepted, jobUuid: new URL(accepted.body.location).pathname.split("/").pop()! };
  };

  it("walks Deploying, ConfigSettingUp, ServiceBootingUp to Running; the job answers once Running", async () => {
    const service = await calls.newService("walked");
    const sent = Date.now();
    const { accepted, jobUuid } = await deployHooked(service.uuid);
    expect(accepted.status).toBe(202);
    const first = await calls.send("GET", `${groupsPath}?q=modelServiceUuid=${service.uuid}`);
    const [group] = first.body.inventories;
    expect(group.status).toBe("Deploying");
    expect(group.instances[0].status).toBe("Deploying");
    expect((await calls.probe(group.instances[0].url, "/livez")).status).toBe(503);
    expect(await zs.poll(await zs.login(), accepted)).toMatchObject({ status: 202, body: {} });

    const seen: string[] = [group.status];
    const started = Date.now();
    while (seen.at(-1) !== "Running" && Date.now() - started < 10_000) {
      await sleep(40);
      const status = (await calls.getGroup(group.uuid))!.status as string;
      if (status !== seen.at(-1)) seen.push(status);
    }
    expect(seen).toEqual(["Deploying", "ConfigSettingUp", "ServiceBootingUp", "Running"]);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(2350);

    const job = await calls.settle(accepted);
    expect(job.status).toBe(200);
    expect(job.body.inventory).toMatchObject({ uuid: group.uuid, status: "Running" });
    expect(job.body.inventory.instances[0].status).toBe("Running");
    expect((await calls.probe(group.instances[0].url, "/livez")).status).toBe(200);
    await sleep(200);
    expect(hooked.get(jobUuid)).toBe("true");
  });

  it("stops when its group is deleted: the job fails SYS.1006 saying so", async () => {
    const service = await calls.newService("stopped");
    const { accepted, jobUuid } = await deployHooked(service.uuid);
    const [group] = (await calls.send("GET", `${groupsPath}?q=modelServiceUuid=${service.uuid}`)).body.inventories;
    expect((await calls.remove(group.uuid)).body).toEqual({});
    const job = await calls.settle(accepted);
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe("SYS.1006");
    expect(job.body.error.details).toMatch(`instance group[uuid:${group.uuid}] was deleted while it deployed`);
    await sleep(1300);
    expect(hooked.get(jobUuid)).toBe("false");
    expect(await calls.getGroup(group.uuid)).toBeUndefined();
    expect((await calls.settle(accepted)).status).toBe(503);
  });
});

describe("a deployment whose server is killed", () => {
  const temp = tempDir("deploy-crash");
  afterAll(() => temp.remove());

  it("is finished by the restarted server once the lease has expired", async () => {
    const db = join(temp.dir, "deploy.db");
    const args = ["--db", db, "--deploy-seconds", "1.5", "--deploy-lease-seconds", "1"];
    const child = await startServerProcess(args, { ZSTACK_ADMIN_PASSWORD: "" });
    let location: string;
    try {
      const json = async (path: string, method: string, body: unknown, session?: string) => {
        const response = await fetch(`${child.url}${path}`, {
          method,
          headers: { "Content-Type": "application/json", ...(session ? { Authorization: `OAuth ${session}` } : {}) },
          body: JSON.stringify(body),
        });
        return (await response.json()) as Json;
      };
      const session = await logIn(child.url);
      const added = async (path: string, param: Json): Promise<string> => {
        const { location: job } = await json(path, "POST", { param }, session);
        const answer = await fetch(job, { headers: { Authorization: `OAuth ${session}` } });
        return ((await answer.json()) as { inventory: { uuid: string } }).inventory.uuid;
      };
      const center: string = (await addCenter(child.url, session)).body.inventory.uuid;
      const service = await added("/zstack/v1/ai/model-services", {
        ...minimalParam("crash"),
        modelCenterUuid: center,
      });
      location = (await json(servicePath(service), "PUT", deployBody(), session)).location as string;
      await sleep(300);
      const running = await fetch(location, { headers: { Authorization: `OAuth ${session}` } });
      expect(running.status).toBe(202);
    } finally {
      await child.kill();
    }

    const second = await startServer({ db, deploySeconds: 1.5, deployLeaseSeconds: 1 }, temp.dir);
    try {
      const session = await second.login();
      const path = new URL(location).pathname;
      const calls = groupCalls(second, session);
      const job = await calls.settle({
        status: 202,
        body: { location: `${second.url}${path}` },
        headers: new Headers(),
      });
      expect(job.status, JSON.stringify(job.body)).toBe(200);
      expect(job.body.inventory).toMatchObject({ status: "Running" });
      expect(
        (await calls.probe(job.body.inventory.instances[0].url.replace(/^http:\/\/[^/]+/, second.url), "/livez"))
          .status,
      ).toBe(200);
    } finally {
      await second.close();
    }
  }, 60_000);
});
