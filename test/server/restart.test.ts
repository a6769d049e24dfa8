// Durable before acknowledged: a restarted server on the same database still has the services, the
// sessions and the finished jobs it acknowledged.
import { expect, it } from "vitest";
import { documentBody, startServer, tempDir } from "../helpers/server.js";

it("a restart keeps services, sessions and finished jobs", async () => {
  const { dir, remove } = tempDir();
  try {
    const first = await startServer({}, dir);
    const session = await first.login();
    const accepted = await first.add(session, documentBody({ name: "survivor" }));
    const failed = await first.add(session, documentBody({ requestCpu: -1 }));
    const job = await first.poll(session, accepted);
    await first.close();

    const second = await startServer({}, dir);
    try {
      expect((await second.call(`/zstack/v1/accounts/sessions/${session}/valid`)).body).toEqual({ valid: true });
      const again = await second.call(new URL(accepted.body.location).pathname, { headers: second.auth(session) });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(job.body);
      expect(
        (await second.call(new URL(failed.body.location).pathname, { headers: second.auth(session) })).status,
      ).toBe(503);
      const found = await second.call(`/zstack/v1/ai/model-services/${job.body.inventory.uuid}`, {
        headers: second.auth(session),
      });
      expect(found.body.inventories[0]).toEqual(job.body.inventory);
    } finally {
      await second.close();
    }
  } finally {
    remove();
  }
});
