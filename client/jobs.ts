// Following an asynchronous ZStack job: 202 + location, then GET the location until 200 (result) or 503 (error).
import { sdkError, SdkErrorCodes } from "./errors.js";
import { expectStatus, type Wire } from "./transport.js";
import type { JobResult, LatestApiVersion } from "./types.js";

export interface PollOptions {
  /** The longest wait between two polls, in ms (ZStack's SDKs poll every second). */
  pollInterval: number;
  /** How long to wait for the job in all, in ms, before failing with sdk.1001. */
  timeout: number;
}

/** ZStack's SDKs give a job 3 hours. */
export const defaultTimeout = 3 * 60 * 60 * 1000;
export const defaultPollInterval = 1000;

/** The waits before each poll: none before the first, then doubling from a short start up to `pollInterval`. */
export function* pollDelays(pollInterval: number): Generator<number, never> {
  yield 0;
  let delay = Math.min(50, pollInterval);
  for (;;) {
    yield delay;
    delay = Math.min(delay * 2, pollInterval);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The job's uuid from its location. The job is then fetched from the client's own base URL, as ZStack's SDKs
 * rewrite the location to the host they are configured with (a proxy may report another).
 */
export function jobUuidOf(location: string): string {
  const match = /\/api-jobs\/([^/?#]+)\/?(?:[?#].*)?$/.exec(location);
  if (!match) throw sdkError(SdkErrorCodes.internalError, "the server's job location is not an api-jobs URL", location);
  return decodeURIComponent(match[1]!);
}

/** Polls the job at `location` and returns its result; a failed job throws its ErrorCode. */
export async function followJob(
  wire: Wire,
  location: string,
  options: PollOptions,
): Promise<JobResult<LatestApiVersion>> {
  const uuid = jobUuidOf(location);
  const deadline = Date.now() + options.timeout;
  for (const delay of pollDelays(options.pollInterval)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    if (delay > 0) await sleep(Math.min(delay, remaining));
    const poll = wire.client.GET("/zstack/v1/api-jobs/{uuid}", { params: { path: { uuid } }, headers: wire.auth() });
    const { body, status } = await expectStatus(poll, [200, 202]);
    // 200 carries the result; a running job answers 202 `{}`.
    if (status === 200) return (body ?? {}) as JobResult<LatestApiVersion>;
  }
  throw sdkError(
    SdkErrorCodes.pollingTimeout,
    `the job[${uuid}] did not finish within ${options.timeout} ms`,
    `polling ${location} timed out`,
  );
}
