// Part of the store suite (store-suite.ts calls it for every Store implementation): updates whose changes are a
// function of the current record, as UpdateModelService's YAML edits are.
import { describe, expect, it } from "vitest";
import type { Store } from "../../server/store/types.js";
import { makeJob, makeService, newUuid } from "./store-fixtures.js";

export function computedUpdates(store: () => Store): void {
  describe("updates computed from the current record", () => {
    it("passes the current record and applies what the function returns", async () => {
      const service = makeService({ yaml: "services:\n  - name: a\n" });
      await store().insert("model_services", service, makeJob());
      const updated = await store().update(
        "model_services",
        service.uuid,
        (current) => ({ yaml: `${current.yaml}# edited\n` }),
        () => makeJob(),
      );
      expect(updated?.yaml).toBe("services:\n  - name: a\n# edited\n");
      expect((await store().get("model_services", service.uuid))?.yaml).toBe("services:\n  - name: a\n# edited\n");
    });

    it("writes nothing, job included, when the function throws, and the error reaches the caller", async () => {
      const service = makeService();
      await store().insert("model_services", service, makeJob());
      const jobUuid = newUuid();
      const refusal = new Error("the YAML cannot take the edit");
      const failing = store().update(
        "model_services",
        service.uuid,
        () => {
          throw refusal;
        },
        () => makeJob({ uuid: jobUuid }),
      );
      await expect(failing).rejects.toBe(refusal);
      expect(await store().get("model_services", service.uuid)).toEqual(service);
      expect(await store().hasJob(jobUuid)).toBe(false);
    });
  });
}
