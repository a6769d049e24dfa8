// The steps the dataset tests repeat, over HTTP: a model center to put datasets in, a dataset created and
// polled, an async call polled; and the main path, run by datasets.test.ts on SQLite and by
// datasets-postgres.test.ts on PostgreSQL.
import { expect } from "vitest";
import { addCenter, gsonDate, type Json, type TestServer } from "./server.js";
import { newUuid } from "./uuids.js";

export const datasetsPath = "/zstack/v1/ai/datasets";

/** A new model center's uuid, for datasets to name. */
export async function modelCenterFor(zs: TestServer, session: string): Promise<string> {
  return (await addCenter(zs.url, session)).body.inventory.uuid as string;
}

/** Sends an async call and polls its job once (jobs finish before the 202). */
export async function callAndPoll(zs: TestServer, session: string, path: string, method: string, body?: object) {
  const accepted = await zs.call(path, { method, headers: zs.auth(session), body });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  return zs.poll(session, accepted);
}

export function createBody(modelCenterUuid: string, params: Record<string, unknown> = {}): Json {
  return { params: { name: "alpaca-zh", url: "192.168.10.12:/ai/datasets/alpaca-zh", modelCenterUuid, ...params } };
}

/** CreateDataset, polled: the job's answer. */
export function createDataset(zs: TestServer, session: string, body: object) {
  return callAndPoll(zs, session, datasetsPath, "POST", body);
}

/** Query or get: the answer. */
export function read(zs: TestServer, session: string, pathAndQuery: string) {
  return zs.call(pathAndQuery, { headers: { Authorization: `OAuth ${session}` } });
}

/** Create → poll → query/get → update → delete, the path every store must serve alike. */
export async function datasetMainPath(zs: TestServer, session: string): Promise<void> {
  const center = await modelCenterFor(zs, session);
  const created = await createDataset(
    zs,
    session,
    createBody(center, { description: "instructions", token: "secret", tagUuids: [newUuid()] }),
  );
  expect(created.status).toBe(200);
  const inventory = created.body.inventory;
  expect(inventory).toEqual({
    uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
    name: "alpaca-zh",
    description: "instructions",
    url: "192.168.10.12:/ai/datasets/alpaca-zh",
    modelCenterUuid: center,
    system: false,
    createDate: expect.stringMatching(gsonDate),
    lastOpDate: expect.stringMatching(gsonDate),
  });

  const got = await read(zs, session, `${datasetsPath}/${inventory.uuid}`);
  expect(got.status).toBe(200);
  expect(got.body).toEqual({ inventories: [inventory] });
  const queried = await read(
    zs,
    session,
    `${datasetsPath}?q=modelCenterUuid=${center}&q=system=false&replyWithCount=true`,
  );
  expect(queried.body).toEqual({ inventories: [inventory], total: 1 });

  const updated = await callAndPoll(zs, session, `${datasetsPath}/${inventory.uuid}`, "PUT", {
    updateDataset: { name: "alpaca-zh v2", usageScenarios: ["FineTune", "ModelEval"], dataType: "Text" },
  });
  expect(updated.status).toBe(200);
  // usageScenarios and dataType are kept, but no inventory shows them.
  expect(updated.body.inventory).toEqual({
    ...inventory,
    name: "alpaca-zh v2",
    lastOpDate: expect.stringMatching(gsonDate),
  });

  const batch = await callAndPoll(zs, session, datasetsPath, "PUT", {
    updateDatasets: { updateDatasetStructs: [{ uuid: inventory.uuid, dataType: "Image" }] },
  });
  expect(batch.body).toEqual({ results: [{ uuid: inventory.uuid, success: true }] });

  const deleted = await callAndPoll(zs, session, `${datasetsPath}/${inventory.uuid}?deleteMode=Enforcing`, "DELETE");
  expect([deleted.status, deleted.body]).toEqual([200, {}]);
  expect((await read(zs, session, `${datasetsPath}/${inventory.uuid}`)).body).toEqual({ inventories: [] });
}
