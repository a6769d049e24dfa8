// Model centers' main path on PostgreSQL: add → get (capacity summed there too) → update → delete, the
// delete's write plan locking the center on a real database.
import { expect, it } from "vitest";
import { adminQuery, describeOnPostgres, useTestSchema } from "../helpers/postgres.js";
import { minimalParam, useServer, type TestServer } from "../helpers/server.js";

const centers = "/zstack/v1/ai/model-centers";

describeOnPostgres("model centers on PostgreSQL", () => {
  const schema = useTestSchema("model_centers");
  let zs: TestServer;
  let session: string;
  useServer(
    () => ({ db: schema.url }),
    (suite) => ({ zs, session } = suite),
  );

  const send = async (method: string, path: string, body?: object) => {
    const answer = await zs.call(path, { method, headers: zs.auth(session), body });
    return method === "GET" ? answer : zs.poll(session, answer);
  };

  it("adds, gets, updates and deletes a center", async () => {
    const param = {
      name: "pg center",
      url: "192.168.10.12:/ai/model_center",
      managementIp: "172.25.141.105",
      managementPort: 5000,
    };
    const added = await send("POST", centers, { param });
    expect(added.status).toBe(200);
    const center = added.body.inventory;
    expect(center).toMatchObject({
      ...param,
      status: "Connected",
      capacity: { uuid: center.uuid, modelServiceUsedCapacity: 0 },
    });

    const service = await zs.addAndPoll(session, {
      param: { ...minimalParam("pg sized"), modelCenterUuid: center.uuid },
    });
    await adminQuery(`UPDATE ${schema.name}.model_services SET size = 77 WHERE uuid = $1`, [
      service.body.inventory.uuid,
    ]);
    const got = await send("GET", `${centers}/${center.uuid}`);
    expect(got.body.inventories[0].capacity.modelServiceUsedCapacity).toBe(77);

    const updated = await send("PUT", `${centers}/${center.uuid}`, {
      updateModelCenter: { description: "on PostgreSQL", managementPort: 65535 },
    });
    expect(updated.body.inventory).toMatchObject({
      uuid: center.uuid,
      description: "on PostgreSQL",
      managementPort: 65535,
    });
    expect(updated.body.inventory.capacity.modelServiceUsedCapacity).toBe(77);

    for (let i = 0; i < 2; i++) expect((await send("DELETE", `${centers}/${center.uuid}`)).body).toEqual({});
    expect((await send("GET", `${centers}/${center.uuid}`)).body.inventories).toEqual([]);
    const unknown = await send("PUT", `${centers}/${center.uuid}`, { updateModelCenter: { name: "gone" } });
    expect(unknown.body.error.code).toBe("SYS.1003");
  });
});
