// What createZStackServer adds for the stand-in, in one place: the controls and their routes with `control`, and
// the seed file with `seed`. A server started with neither gets no hook and pays nothing per request.
import express, { type Express, type Request } from "express";
import type { ServerContext } from "../context.js";
import type { AppHooks } from "../http/app.js";
import { actionsOf } from "./actions.js";
import { controlBasePath, controlRouter } from "./control-routes.js";
import { createControls, registerControls } from "./controls.js";
import { applySeed } from "./seed.js";

export interface StandInHooks {
  /** For createApp. */
  around?: AppHooks["around"];
  /** After warm-up, before the server says it is ready: the seed, applied through the app. */
  atStart(app: Express, adminPassword: string): Promise<void>;
}

export function standInHooks(ctx: ServerContext, isWarmUp: (req: Request) => boolean): StandInHooks {
  const { options } = ctx;
  const standIn = options.control ? createControls(ctx, isWarmUp) : undefined;
  return {
    around: standIn && {
      ...standIn.hooks,
      beforeValidation: express.Router().use(controlBasePath, controlRouter(standIn.controls, options.controlToken)),
    },
    async atStart(app, adminPassword) {
      if (standIn) registerControls(app, standIn.controls);
      if (!options.seed || (await ctx.store.hasResources())) return;
      // The seed's own calls are not the test's: the journal does not list them.
      const journal = standIn?.controls.journalLog;
      if (journal) journal.paused = true;
      try {
        await applySeed(app, options.seed, standIn?.controls.actions ?? actionsOf(ctx.contract), adminPassword);
      } finally {
        if (journal) journal.paused = false;
      }
    },
  };
}
