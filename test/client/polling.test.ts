// Job following, through an injected fetch: a job that stays running, the backoff, and the timeout.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createZStackClient, ZStackApiError } from "../../client/index.js";
import { pollDelays } from "../../client/jobs.js";
import { accepted, base, fakeZStack, jobLocation, jobThatRuns, jobUuid, json } from "./fake-zstack.js";

const param = {
  name: "svc",
  yaml: "services: []",
  modelCenterUuid: "mc",
  requestCpu: 1,
  requestMemory: 1024,
  installPath: "/opt/svc",
  startCommand: "python3 app.py",
};
const inventory = { uuid: "a".repeat(32), name: "svc", requestCpu: 1 };
const jobPath = `GET /zstack/v1/api-jobs/${jobUuid}`;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("following a job", () => {
  it("polls at once, keeps polling while the job answers 202, and returns the 200 result", async () => {
    const fake = fakeZStack({
      "POST /zstack/v1/ai/model-services": accepted,
      [jobPath]: jobThatRuns(5, () => json(200, { inventory })),
    });
    const client = createZStackClient({
      baseUrl: base,
      fetch: fake.fetch,
      sessionId: "s".repeat(32),
      pollInterval: 400,
    });
    const result = client.addModelService(param);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toEqual(inventory);

    const [post, ...polls] = fake.requests;
    expect(post!.body).toEqual({ param });
    expect(polls).toHaveLength(6);
    expect(polls.every((p) => p.method === "GET" && p.headers.get("Authorization") === `OAuth ${"s".repeat(32)}`)).toBe(
      true,
    );
    // First poll at once, then waits that double up to pollInterval and stay there.
    const waits = polls.map((p, i) => p.at - (i === 0 ? post!.at : polls[i - 1]!.at));
    expect(waits).toEqual([0, 50, 100, 200, 400, 400]);
  });

  it("gives pollDelays a first zero, then doubles and caps at the interval", () => {
    const delays = pollDelays(1000);
    expect(Array.from({ length: 9 }, () => delays.next().value)).toEqual([0, 50, 100, 200, 400, 800, 1000, 1000, 1000]);
    const short = pollDelays(20);
    expect([short.next().value, short.next().value, short.next().value]).toEqual([0, 20, 20]);
  });

  it("polls the job on the client's own base URL, whatever host the location names", async () => {
    const fake = fakeZStack({
      "DELETE /zstack/v1/ai/model-services/abc": () =>
        json(202, { location: `http://elsewhere:9/zstack/v1/api-jobs/${jobUuid}`, apiTimeout: 1 }),
      [jobPath]: () => json(200, {}),
    });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch });
    await expect(
      client.deleteModelService("abc", { deleteMode: "Enforcing", jobUuid: "f".repeat(32) }),
    ).resolves.toBeUndefined();
    expect(fake.requests.map((r) => r.url.href)).toEqual([
      `${base}/zstack/v1/ai/model-services/abc?deleteMode=Enforcing`,
      `${base}/zstack/v1/api-jobs/${jobUuid}`,
    ]);
    expect(fake.requests[0]!.headers.get("X-Job-UUID")).toBe("f".repeat(32));
  });

  it("gives up after `timeout` with sdk.1001, having polled until then", async () => {
    const fake = fakeZStack({ [jobPath]: () => json(202, {}) });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch, pollInterval: 1000, timeout: 5000 });
    const result = client.waitForJob(jobLocation).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(6000);
    const error = await result;
    expect(error).toBeInstanceOf(ZStackApiError);
    expect(error).toMatchObject({ code: "sdk.1001", status: undefined });
    expect((error as ZStackApiError).details).toContain(jobLocation);
    const last = fake.requests.at(-1)!.at - fake.requests[0]!.at;
    expect(last).toBeLessThanOrEqual(5000);
    expect(last).toBeGreaterThanOrEqual(4000);
  });

  it("defaults to a 3-hour timeout and a 1 s interval, like ZStack's SDKs", async () => {
    const fake = fakeZStack({ [jobPath]: () => json(202, {}) });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch });
    const result = client.waitForJob(jobLocation).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(3 * 3600_000 - 1000);
    expect(fake.requests.length).toBeGreaterThan(10_000);
    const gaps = fake.requests.slice(-3).map((r, i, all) => (i ? r.at - all[i - 1]!.at : 0));
    expect(gaps.slice(1)).toEqual([1000, 1000]);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toMatchObject({ code: "sdk.1001" });
  });

  it("returns a job's result from waitForJob", async () => {
    const fake = fakeZStack({ [jobPath]: jobThatRuns(1, () => json(200, { inventory })) });
    const client = createZStackClient({ baseUrl: base, fetch: fake.fetch });
    const result = client.waitForJob(jobLocation);
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toEqual({ inventory });
  });
});
