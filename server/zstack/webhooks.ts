// X-Web-Hook delivery: when a job ends, its answer is POSTed to the caller's URL, as ZStack does (headers
// X-Job-UUID and X-Job-Success, bounded retries). Only allow-listed origins are ever called, redirects are
// not followed (they could lead anywhere), and close() abandons pending retries.
import type { Logger } from "pino";
import { zstackErrors } from "./errors.js";
import type { JobOutcome } from "../store/types.js";

export interface WebhookDeliverer {
  /** The URL if its origin is allow-listed; a 400 ZStackError otherwise. */
  check(url: string): string;
  deliver(url: string, jobUuid: string, outcome: JobOutcome): void;
  close(): void;
}

export function webhookDeliverer(
  allowedOrigins: readonly string[],
  retry: { attempts: number; delayMs: number },
  logger: Logger,
): WebhookDeliverer {
  const allowed = new Set(allowedOrigins);
  const stop = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      const abort = () => {
        clearTimeout(timer);
        resolve();
      };
      stop.signal.addEventListener("abort", abort, { once: true });
    });

  async function send(url: string, jobUuid: string, outcome: JobOutcome): Promise<void> {
    for (let attempt = 1; attempt <= retry.attempts && !stop.signal.aborted; attempt++) {
      try {
        const response = await fetch(url, {
          method: "POST",
          redirect: "manual",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "X-Job-UUID": jobUuid,
            "X-Job-Success": String(outcome.status === 200),
          },
          body: JSON.stringify(outcome.body),
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(10_000)]),
        });
        await response.body?.cancel();
        if (response.ok) return;
        logger.warn({ jobUuid, attempt, status: response.status }, "webhook answered with an error");
      } catch (err) {
        logger.warn({ jobUuid, attempt, err: (err as Error).message }, "webhook delivery failed");
      }
      if (attempt < retry.attempts) await pause(retry.delayMs);
    }
  }

  return {
    check(url) {
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch {
        throw zstackErrors.badRequest(`X-Web-Hook: not a URL`);
      }
      if (!allowed.has(origin))
        throw zstackErrors.badRequest(`X-Web-Hook: origin ${origin} is not allowed by the server's --webhook-allow`);
      return url;
    },
    deliver(url, jobUuid, outcome) {
      void send(url, jobUuid, outcome);
    },
    close() {
      stop.abort();
    },
  };
}
