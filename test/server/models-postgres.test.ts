// The models' main path on PostgreSQL: add, bind, both sides' bindings, update, the deletes' cascades.
import { expect, it } from "vitest";
import { modelCalls } from "../helpers/models.js";
import { describeOnPostgres, useTestSchema } from "../helpers/postgres.js";
import { useServer } from "../helpers/server.js";
import { newUuid } from "../helpers/uuids.js";

describeOnPostgres("models and bindings on PostgreSQL", () => {
  const schema = useTestSchema("models");
  let calls: ReturnType<typeof modelCalls>;
  useServer(
    () => ({ db: schema.url }),
    ({ zs, session }) => {
      calls = modelCalls(zs, session);
    },
  );

  it("add, bind, update, unbind, and delete with its cascade", async () => {
    const service = await calls.newService("pg");
    const model = await calls.newModel({ modelServiceUuids: [service.uuid], recommendedGpuNum: "2" });
    expect(model).toMatchObject({ name: "Qwen_1.5_23B", size: 102400, recommendedGpuNum: [2] });
    expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual(model.modelServiceRefs);

    const other = await calls.newService("pg other");
    const bound = await calls.bind(model.uuid, other.uuid);
    expect(bound.body.inventory.modelServiceRefs).toEqual([
      expect.objectContaining({ modelUuid: model.uuid, isDefault: false }),
    ]);
    expect((await calls.bind(model.uuid, other.uuid)).status).toBe(200);
    expect((await calls.getModel(model.uuid)).modelServiceRefs).toHaveLength(2);

    const updated = await calls.updateModel(model.uuid, {
      name: "example",
      vendor: "Alibaba",
      defaultModelServiceUuid: other.uuid,
    });
    expect(updated.body.inventory).toMatchObject({ name: "example", vendor: "Alibaba" });
    expect(updated.body.inventory.modelServiceRefs.filter((ref: { isDefault: boolean }) => ref.isDefault)).toEqual([
      expect.objectContaining({ modelServiceUuid: other.uuid }),
    ]);

    expect(await calls.unbind(model.uuid, other.uuid)).toMatchObject({ status: 200, body: {} });
    expect((await calls.bind(newUuid(), other.uuid)).body.error.code).toBe("SYS.1003");

    const unknown = newUuid();
    const deleted = await calls.job("DELETE", `/zstack/v1/ai/models?uuids=${model.uuid}&uuids=${unknown}`);
    expect(deleted.body.results).toEqual([
      { uuid: model.uuid, success: true },
      { uuid: unknown, success: true },
    ]);
    expect((await calls.getService(service.uuid)).modelServiceRefs).toEqual([]);
  });
});
