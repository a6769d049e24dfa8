// Deployments: the shared PUT (UpdateModelService and DeployModelService), CloneModelService and the instance
// groups' operations, each with a success and a failure case through the typed client, against the real server
// with response validation on (and Prism, when it judges).
import { expect } from "vitest";
import type { ZStackClient } from "../../../client/index.js";
import type { ApiVersion, latestApiVersion } from "../../../generated/types/index.js";
import { newUuid } from "../../helpers/uuids.js";
import { failure } from "../calls.js";
import { type Contract, send } from "../harness.js";
import { sendingInvalid } from "../judge.js";
import type { Cases } from "./index.js";

const serviceParam = (name: string) => ({
  name,
  yaml: "services:\n  - name: web\n    livez: /healthz\n",
  modelCenterUuid: "modelCenterUuidExample",
  requestCpu: 1,
  requestMemory: 1024,
  installPath: "/opt/zstack/ai/model-services/web",
  startCommand: "python3 app.py",
});

export function instanceGroupCases(contract: Contract<ApiVersion>): Cases {
  const client = () => contract.client as unknown as ZStackClient<typeof latestApiVersion>;
  const deployed = async (name: string) => {
    const service = await client().addModelService(serviceParam(name));
    return client().deployModelService(service.uuid, { name, zoneUuid: "zone", type: "Container" });
  };

  return {
    UpdateOrDeployModelService: {
      success: async () => {
        const service = await client().addModelService(serviceParam("update or deploy"));
        const updated = await client().updateModelService(service.uuid, { requestCpu: 8, description: "bigger" });
        expect(updated).toMatchObject({ uuid: service.uuid, requestCpu: 8, description: "bigger" });
        const group = await client().deployModelService(service.uuid, { name: "g", zoneUuid: "z", type: "Container" });
        expect(group).toMatchObject({ modelServiceUuid: service.uuid, status: "Running" });
        expect(group.instances?.[0]).toMatchObject({ status: "Running", modelServiceGroupUuid: group.uuid });
      },
      failure: async () => {
        const error = await failure(client().updateModelService(newUuid(), { requestCpu: 8 }));
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
        const neither = await sendingInvalid(() =>
          send(contract, `/zstack/v1/ai/model-services/${newUuid()}`, {
            method: "PUT",
            headers: { Authorization: `OAuth ${contract.session}`, "Content-Type": "application/json" },
            body: JSON.stringify({ systemTags: [] }),
          }),
        );
        expect([neither.status, neither.body.error.code]).toEqual([400, "SYS.1007"]);
        expect(neither.body.error.details).toContain("`updateModelService` or `deployModelService`");
      },
    },
    CloneModelService: {
      success: async () => {
        const source = await client().addModelService(serviceParam("clone source"));
        const clone = await client().cloneModelService(source.uuid, { name: "clone", requestCpu: 2 });
        expect(clone).toMatchObject({ name: "clone", requestCpu: 2, yaml: source.yaml, modelServiceRefs: [] });
        expect(clone.uuid).not.toBe(source.uuid);
      },
      failure: async () => {
        const error = await failure(client().cloneModelService(newUuid(), {}));
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
      },
    },
    QueryModelServiceInstanceGroup: {
      success: async () => {
        const group = await deployed("query this group");
        const { inventories, total } = await client().queryModelServiceInstanceGroups({
          q: ["name=query this group"],
          replyWithCount: true,
        });
        expect(inventories).toEqual([group]);
        expect(total).toBe(1);
      },
      failure: async () => {
        const error = await failure(client().queryModelServiceInstanceGroups({ q: ["noSuchField=1"] }));
        expect(error.status).toBe(400);
        expect(error.details).toContain("noSuchField");
      },
    },
    GetModelServiceInstanceGroup: {
      success: async () => {
        const group = await deployed("get this group");
        expect(await client().getModelServiceInstanceGroup(group.uuid)).toEqual(group);
      },
      failure: async () => {
        const error = await failure(sendingInvalid(() => client().getModelServiceInstanceGroup("not-a-uuid")));
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
      },
    },
    UpdateModelServiceInstanceGroup: {
      success: async () => {
        const group = await deployed("rename this group");
        const renamed = await client().updateModelServiceInstanceGroup(group.uuid, {
          name: "renamed",
          serviceReadyz: "/ready",
        });
        expect(renamed).toMatchObject({ uuid: group.uuid, name: "renamed", status: "Running" });
      },
      failure: async () => {
        const error = await failure(client().updateModelServiceInstanceGroup(newUuid(), { name: "x" }));
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
      },
    },
    DeleteModelServiceInstanceGroup: {
      success: async () => {
        const group = await deployed("delete this group");
        await client().deleteModelServiceInstanceGroup(group.uuid, { deleteMode: "Enforcing" });
        expect(await client().getModelServiceInstanceGroup(group.uuid)).toBeUndefined();
      },
      failure: async () => {
        const error = await failure(
          sendingInvalid(() =>
            client().deleteModelServiceInstanceGroup(newUuid(), { deleteMode: "Sometimes" as "Enforcing" }),
          ),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("deleteMode");
      },
    },
    DeleteModelServiceInstanceGroups: {
      success: async () => {
        const group = await deployed("delete these groups");
        const unknown = newUuid();
        expect(await client().deleteModelServiceInstanceGroups({ uuids: [group.uuid, unknown] })).toEqual([
          { uuid: group.uuid, success: true },
          { uuid: unknown, success: true },
        ]);
      },
      failure: async () => {
        const error = await failure(
          sendingInvalid(() => client().deleteModelServiceInstanceGroups({ uuids: ["not-a-uuid"] })),
        );
        expect([error.status, error.code]).toEqual([503, "SYS.1007"]);
        expect(error.details).toContain("uuids");
      },
    },
  };
}
