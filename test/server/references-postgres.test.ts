// Reference-checked adds on PostgreSQL, which write as one statement when everything they name is found
// (server/store/postgres/one-statement-write.ts) and as a transaction otherwise: the same answers either way.
import { expect, it } from "vitest";
import { modelCalls } from "../helpers/models.js";
import { describeOnPostgres, useTestSchema } from "../helpers/postgres.js";
import { documentBody, useServer, type TestServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

describeOnPostgres("reference-checked adds on PostgreSQL", () => {
  const schema = useTestSchema("references");
  let zs: TestServer;
  let session: string;
  let calls: ReturnType<typeof modelCalls>;
  useServer(
    () => ({ db: schema.url }),
    (suite) => {
      ({ zs, session } = suite);
      calls = modelCalls(zs, session);
    },
  );
  const countServices = async () =>
    (await zs.call("/zstack/v1/ai/model-services?count=true", { headers: zs.auth(session) })).body.total;

  it("stores a service and its bindings when the center and the models exist", async () => {
    const model = await calls.newModel();
    const added = await zs.addAndPoll(session, documentBody({ modelUuids: [model.uuid] }));
    expect(added.status).toBe(200);
    expect(added.body.inventory.modelServiceRefs).toEqual([
      expect.objectContaining({ modelUuid: model.uuid, modelServiceUuid: added.body.inventory.uuid }),
    ]);
    expect((await calls.getService(added.body.inventory.uuid)).modelServiceRefs).toHaveLength(1);
  });

  it("fails SYS.1003 naming the missing center or model, storing nothing", async () => {
    await zs.ensureCenter(session);
    const before = await countServices();
    const [center, model] = [newUuid(), newUuid()];
    const noCenter = await zs.addAndPoll(session, documentBody({ modelCenterUuid: center }));
    expect(noCenter.body.error).toMatchObject({ code: "SYS.1003" });
    expect(noCenter.body.error.details).toContain(`invalid field[modelCenterUuid], resource[uuid:${center}`);
    const noModel = await zs.addAndPoll(session, documentBody({ modelUuids: [model] }));
    expect(noModel.body.error.details).toContain(`invalid field[modelUuids], resource[uuid:${model}, type:ModelVO]`);
    expect(await countServices()).toBe(before);
  });

  it("names the missing center before a taken resourceUuid, as the transaction checks them", async () => {
    const taken = await zs.addAndPoll(session, documentBody());
    const both = await zs.addAndPoll(
      session,
      documentBody({ resourceUuid: taken.body.inventory.uuid, modelCenterUuid: newUuid() }),
    );
    expect(both.body.error.code).toBe("SYS.1003");
    const duplicate = await zs.addAndPoll(session, documentBody({ resourceUuid: taken.body.inventory.uuid }));
    expect(duplicate.body.error.code).toBe("SYS.1007");
  });

  it("adds sent together are decided each on its own: one naming a missing center fails, the rest stored", async () => {
    await zs.ensureCenter(session);
    const before = await countServices();
    const missing = newUuid();
    const bodies = [0, 1, 2, 3, 4, 5].map((i) => documentBody(i === 3 ? { modelCenterUuid: missing } : {}));
    const answers = await Promise.all(bodies.map(async (body) => zs.poll(session, await zs.add(session, body))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 503, 200, 200]);
    expect(answers[3]!.body.error.details).toContain(`resource[uuid:${missing}, type:ModelCenterVO]`);
    expect(await countServices()).toBe(before + 5);
  });

  it("AddModel too: a missing center fails, an existing one stores the model", async () => {
    const missing = newUuid();
    const failed = await calls.addModel({ modelCenterUuid: missing });
    expect(failed.body.error.details).toContain(`resource[uuid:${missing}, type:ModelCenterVO]`);
    expect((await calls.newModel()).uuid).toMatch(/^[0-9a-f]{32}$/);
  });
});
