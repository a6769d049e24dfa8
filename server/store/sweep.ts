// Purges expired sessions and jobs past retention now and then, off the request path. The timer never keeps
// the process alive and stops on close.
import type { Logger } from "pino";
import type { Store } from "./types.js";

export function startSweep(
  store: Store,
  options: { jobRetention: number; sweepInterval: number },
  logger: Logger,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const sweep = () => {
    if (running) return;
    const now = Date.now();
    running = store
      .purgeExpired(now, now - options.jobRetention * 1000)
      .then((purged) => {
        if (purged.sessions + purged.jobs > 0) logger.info(purged, "purged expired sessions and jobs");
      })
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, "sweep failed"))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(sweep, options.sweepInterval);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
