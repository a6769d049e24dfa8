// What the contract cases share about a call through the typed client: the ZStackApiError it fails with, and
// the job behind a 202 from the client's `.raw` (openapi-fetch answers, it does not poll).
import { expect } from "vitest";
import { ZStackApiError } from "../../client/index.js";
import type { ApiVersion } from "../../generated/types/index.js";
import type { Json } from "../helpers/server.js";
import type { Contract } from "./harness.js";

/** Resolves to the ZStackApiError the call fails with; the test fails if it succeeds or fails otherwise. */
export async function failure(call: Promise<unknown>): Promise<ZStackApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZStackApiError);
  return error as ZStackApiError;
}

/** `.raw`'s answer to an asynchronous call. */
type Accepted = Promise<{ data?: unknown; response: Response }>;

/** The job helpers of a contract's client, for `.raw`'s answers to asynchronous calls. */
export function jobsOf(contract: Contract<ApiVersion>) {
  /** Expects a 202 and waits for its job: the job's result, or a rejection with the ZStackApiError it failed with. */
  const job = async (accepted: Accepted): Promise<Json> => {
    const { data, response } = await accepted;
    expect(response.status).toBe(202);
    return (await contract.client.waitForJob((data as { location: string }).location)) as Json;
  };
  /** The ZStackApiError the job of a 202 fails with. */
  const jobFailure = (accepted: Accepted) => failure(job(accepted));
  return { job, jobFailure };
}
