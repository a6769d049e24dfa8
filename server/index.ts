// createZStackServer: the embeddable server. Everything slow happens before it resolves (store opened and
// migrated, admin account set, validators compiled), so the first real request pays nothing extra and
// /readyz is truthful.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express, Request, RequestHandler } from "express";
import { logIn, logOut, validateSession } from "./accounts/sessions.js";
import { renewSession } from "./accounts/renew.js";
import { sessionInventoryClass } from "./zstack/inventory.js";
import { resources } from "./resources/index.js";
import { pollJob } from "./zstack/jobs.js";
import { checkAdminPasswordAllowed, defaultAdminPassword, ensureAdminAccount } from "./accounts/admin.js";
import { AnswerCache, defaultAnswerCacheLimits } from "./performance/answer-cache.js";
import { createApp } from "./http/app.js";
import { authenticator } from "./accounts/auth.js";
import { decodeSecretKey, secretBox } from "./accounts/secret-box.js";
import { signingKeyLookup } from "./resources/access-keys/handlers.js";
import type { ServerContext } from "./context.js";
import { loadContract } from "./contract/index.js";
import { docsRouter } from "./docs/router.js";
import { createLogger } from "./http/logging.js";
import { apiVersions, resolveOptions, type ZStackServerOptions } from "./options.js";
import { openStore } from "./store/index.js";
import { checkServiceYaml } from "./zstack/service-yaml.js";
import { cachedYamlChecker } from "./performance/yaml-check-cache.js";
import { startSweep } from "./store/sweep.js";
import { exampleServiceYaml, warmUp, warmUpHeader } from "./http/warm-up.js";
import { warmUpOnce } from "./http/shared-validation.js";
import { openWarmUpContext } from "./performance/warm-up-context.js";
import { webhookDeliverer } from "./zstack/webhooks.js";
import { standInHooks } from "./testing/server-hooks.js";

export type { ZStackServerOptions, YamlCheckMode } from "./options.js";
export { apiVersions, defaultOptions, newestApiVersion, OptionsError } from "./options.js";
export { publishedDocumentText } from "./contract/index.js";

/** Every action's handler: the resources', the accounts' and the job poll. */
function operationHandlers(ctx: ServerContext): Record<string, RequestHandler> {
  const handlers: Record<string, RequestHandler> = {
    LogInByAccount: logIn(ctx),
    LogOut: logOut(ctx),
    ValidateSession: validateSession(ctx),
    RenewSession: renewSession(ctx),
    GetApiJob: pollJob(ctx),
  };
  for (const resource of resources) {
    for (const [action, make] of Object.entries(resource.handlers)) handlers[action] = make(ctx);
  }
  return handlers;
}

// The reference page's router holds only the published documents and assets: one per version serves every server
// of the process (a test suite starts many, server/testing/).
const docsRouters = new Map<string, RequestHandler>();
function sharedDocsRouter(apiVersion: string): RequestHandler {
  let router = docsRouters.get(apiVersion);
  if (!router) {
    router = docsRouter({ apiVersion, versions: apiVersions });
    docsRouters.set(apiVersion, router);
  }
  return router;
}

export interface ListeningAddress {
  address: string;
  port: number;
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
}

export interface ZStackServer {
  /** The Express application, for embedding in another server. */
  app: Express;
  /** Listens (defaults: the options' port and host); resolves to the bound address, so port 0 works. */
  listen(port?: number, host?: string): Promise<ListeningAddress>;
  /** Stops accepting, lets in-flight requests finish, stops the sweep and webhooks, closes the store. */
  close(): Promise<void>;
}

/** How often start-up checks a service YAML (figures: bench/README.md). */
const yamlWarmUpRuns = 30;
/** V8's compiled code is the process's: a strict check warmed once serves every later server (the stand-ins). */
let serviceYamlWarmed = false;

export async function createZStackServer(options: ZStackServerOptions = {}): Promise<ZStackServer> {
  const resolved = resolveOptions(options);
  checkAdminPasswordAllowed(resolved.host, resolved.adminPassword);
  const logger = resolved.logger ?? createLogger(resolved.logLevel);
  const contract = loadContract(resolved.apiVersion);
  const store = await openStore(resolved.db, {
    poolSize: resolved.dbPoolSize,
    timeoutMs: resolved.dbTimeout,
    deferBackgroundWork: true,
  });

  let app: Express;
  let ready = false;
  let background: { stop(): Promise<void> }[] = [];
  const token = randomBytes(24).toString("hex");
  let warming = true;
  const webhooks = webhookDeliverer(resolved.webhookAllow, resolved.webhookRetry, logger);
  try {
    await store.migrate();
    // The admin's password hash (scrypt, on libuv's threads) runs while the main thread builds and warms the app.
    const adminAccount = ensureAdminAccount(store, resolved.adminPassword);
    adminAccount.catch(() => {}); // awaited below; a failure before that must not also be an unhandled rejection
    const secrets = secretBox(
      resolved.secretKey === undefined ? undefined : (decodeSecretKey(resolved.secretKey) as Buffer),
    );
    const jobResultReaders = new Map<string, (body: unknown) => unknown>();
    const ctx: ServerContext = {
      options: resolved,
      store,
      contract,
      logger,
      jobResults: new Map([
        ...resources.flatMap((resource) => Object.entries(resource.jobResults)),
        ["RenewSession", { inventory: sessionInventoryClass }],
      ]),
      webhooks,
      answers: new AnswerCache({ ...defaultAnswerCacheLimits, maxBytes: resolved.readCacheMb * 1024 * 1024 }),
      authenticate: authenticator(store, resolved, signingKeyLookup(store, secrets)),
      secrets,
      readJobResult: (apiName, body) => jobResultReaders.get(apiName)?.(body) ?? body,
      checkYaml: cachedYamlChecker(resolved.yamlCheck),
    };
    for (const resource of resources) {
      for (const [apiName, make] of Object.entries(resource.jobResultReaders ?? {}))
        jobResultReaders.set(apiName, make(ctx));
      await resource.atStart?.(ctx);
    }
    const isWarmUp = (req: Request) => warming && req.headers[warmUpHeader] === token;
    const standIn = standInHooks(ctx, isWarmUp);
    let warmUpHandlers: Record<string, RequestHandler> | undefined;
    app = createApp(ctx, {
      handlers: operationHandlers(ctx),
      isReady: () => ready,
      isWarmUp,
      warmUpHandlers: () => warmUpHandlers,
      around: standIn.around,
      publicRouters: [
        { path: "/zstack/v1/docs", router: sharedDocsRouter(resolved.apiVersion) },
        ...resources.flatMap((resource) => resource.publicRouters?.(ctx) ?? []),
      ],
    });
    await warmUpOnce(contract, resolved, async () => {
      const warmUpContext = await openWarmUpContext(ctx, operationHandlers);
      warmUpHandlers = warmUpContext.handlers;
      try {
        await warmUp(app, contract, token);
      } finally {
        warmUpHandlers = undefined;
        await warmUpContext.close();
      }
    });
    // Paid now, not by the first AddModelService (see exampleServiceYaml); repeated until V8 has moved the parser
    // past its interpreter, which a first call alone leaves it in.
    if (!serviceYamlWarmed && resolved.yamlCheck !== "off") {
      const serviceYaml = exampleServiceYaml(contract.apiVersion) ?? "services: []\n";
      for (let run = 0; run < yamlWarmUpRuns; run++) checkServiceYaml(serviceYaml, resolved.yamlCheck);
      serviceYamlWarmed = resolved.yamlCheck === "strict";
    }
    await adminAccount;
    warming = false;
    background = resources.flatMap((resource) => (resource.background ? [resource.background(ctx)] : []));
    await standIn.atStart(app, resolved.adminPassword ?? defaultAdminPassword);
    store.startBackgroundWork();
    ready = true;
  } catch (err) {
    webhooks.close();
    await store.close();
    throw err;
  }
  const sweep = startSweep(store, resolved, logger);

  let server: Server | undefined;
  let closing: Promise<void> | undefined;
  return {
    app,
    async listen(port = resolved.port, host = resolved.host) {
      checkAdminPasswordAllowed(host, resolved.adminPassword);
      const listening = app.listen(port, host);
      server = listening;
      await new Promise<void>((resolve, reject) => {
        listening.once("listening", resolve).once("error", reject);
      });
      const bound = listening.address() as AddressInfo;
      const urlHost = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
      logger.info({ address: bound.address, port: bound.port, apiVersion: resolved.apiVersion }, "listening");
      return { address: bound.address, port: bound.port, url: `http://${urlHost}:${bound.port}` };
    },
    close() {
      closing ??= (async () => {
        ready = false;
        if (server?.listening) await new Promise<void>((resolve) => server!.close(() => resolve()));
        await sweep.stop();
        await Promise.all(background.map((work) => work.stop()));
        webhooks.close();
        await store.close();
      })();
      return closing;
    },
  };
}
