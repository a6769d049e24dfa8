// The access-key operations' success and failure cases for operations.test.ts, through the client's raw
// (openapi-fetch) calls and its job polling until the client has access-key methods of its own.
import { expect } from "vitest";
import type { ZStackApiError } from "../../client/index.js";
import type { latestApiVersion } from "../../generated/types/index.js";
import type { Contract } from "./harness.js";

type Case = () => Promise<void>;
type Inventory = { uuid: string; AccessKeyID?: string; AccessKeySecret?: string; state?: string };

// The admin account's uuid (server/accounts/admin.ts): a key belongs to the caller's own account and user.
const admin = "36c27e8ff05c4780bf6d2fa65700f22e";
const unknownUuid = "0123456789abcdef0123456789abcdef";

export function accessKeyCases(
  contract: Contract<typeof latestApiVersion>,
  failure: (call: Promise<unknown>) => Promise<ZStackApiError>,
): Record<string, { success: Case; failure: Case }> {
  const job = async (call: Promise<{ data?: unknown; response: Response }>): Promise<{ inventory?: Inventory }> => {
    const { data, response } = await call;
    expect(response.status).toBe(202);
    return (await contract.client.waitForJob((data as { location: string }).location)) as { inventory?: Inventory };
  };
  const create = async (params: Record<string, unknown> = {}) =>
    (
      await job(
        contract.client.raw.POST("/zstack/v1/accesskeys", {
          body: { params: { accountUuid: admin, userUuid: admin, ...params } },
        }),
      )
    ).inventory!;
  const changeState = (uuid: string, stateEvent: "enable" | "disable") =>
    job(
      contract.client.raw.PUT("/zstack/v1/accesskeys/{uuid}/actions", {
        params: { path: { uuid } },
        body: { changeAccessKeyState: { stateEvent } },
      }),
    );
  const query = async (q: string[]) =>
    (await contract.client.raw.GET("/zstack/v1/accesskeys", { params: { query: { q } } })).data?.inventories ?? [];

  return {
    CreateAccessKey: {
      success: async () => {
        const key = await create({ description: "contract" });
        expect(key).toMatchObject({
          state: "Enabled",
          AccessKeyID: expect.stringMatching(/^[A-Za-z0-9]{20}$/),
          AccessKeySecret: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
        });
      },
      failure: async () => {
        const error = await failure(create({ accountUuid: unknownUuid }));
        expect([error.status, error.code]).toEqual([503, "ID.1002"]);
      },
    },
    QueryAccessKey: {
      success: async () => {
        const key = await create();
        const found = await query([`AccessKeyID=${key.AccessKeyID}`]);
        expect(found.map((i) => i.uuid)).toEqual([key.uuid]);
        expect(found[0]).not.toHaveProperty("AccessKeySecret");
      },
      failure: async () => {
        const { response } = await contract.client.raw.GET("/zstack/v1/accesskeys", {
          params: { query: { q: ["AccessKeySecret=x"] } },
        });
        expect(response.status).toBe(400);
      },
    },
    GetAccessKey: {
      success: async () => {
        const key = await create();
        const { data } = await contract.client.raw.GET("/zstack/v1/accesskeys/{uuid}", {
          params: { path: { uuid: key.uuid } },
        });
        expect(data?.inventories?.map((i) => i.uuid)).toEqual([key.uuid]);
      },
      failure: async () => {
        const { response } = await contract.client.raw.GET("/zstack/v1/accesskeys/{uuid}", {
          params: { path: { uuid: unknownUuid } },
          headers: { Authorization: "OAuth 0123456789abcdef0123456789abcdef" },
        });
        expect(response.status).toBe(503);
      },
    },
    DeleteAccessKey: {
      success: async () => {
        const key = await create();
        expect(
          await job(
            contract.client.raw.DELETE("/zstack/v1/accesskeys/{uuid}", { params: { path: { uuid: key.uuid } } }),
          ),
        ).toEqual({});
        expect(await query([`uuid=${key.uuid}`])).toEqual([]);
      },
      failure: async () => {
        const { response } = await contract.client.raw.DELETE("/zstack/v1/accesskeys/{uuid}", {
          params: { path: { uuid: unknownUuid } },
          headers: { Authorization: "Bearer nothing" },
        });
        expect(response.status).toBe(400);
      },
    },
    ChangeAccessKeyState: {
      success: async () => {
        const key = await create();
        const { inventory } = await changeState(key.uuid, "disable");
        expect(inventory).toMatchObject({ uuid: key.uuid, state: "Disabled" });
        expect(inventory).not.toHaveProperty("AccessKeySecret");
      },
      failure: async () => {
        const error = await failure(changeState(unknownUuid, "enable"));
        expect([error.status, error.code]).toEqual([503, "SYS.1003"]);
      },
    },
  };
}
