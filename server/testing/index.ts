// zstack-model-services/testing: the server as a stand-in for ZStack in a test suite (DESIGN.md Decision 10). It
// runs in process on a free loopback port with an in-memory store, hands back a client already logged in, and
// exposes the controls (faults, journal, reset). This is where the server and the client meet, as in the contract
// tests: the stand-in is the one, the logged-in client the other.
import { pino } from "pino";
import { createZStackClient, latestApiVersion, type ZStackClient } from "../../client/index.js";
import { defaultAdminPassword } from "../accounts/admin.js";
import { createZStackServer } from "../index.js";
import type { ReferencesMode } from "../options.js";
import { type ModelCenterStatusRule, controlsOf } from "./controls.js";
import type { FaultRule, JournalEntry } from "./controls.js";

export type { FaultRule, JournalEntry, ModelCenterStatusRule } from "./controls.js";
export { ControlError } from "./controls.js";
export { SeedError } from "./seed.js";

export interface StandInOptions {
  /** The ZStack API version to speak (default: the newest). */
  apiVersion?: string;
  /** Seconds a simulated deployment takes to reach Running (default 0). */
  deploySeconds?: number;
  /** Whether uuids naming other resources must exist (default `check`). */
  references?: ReferencesMode;
  /** A YAML or JSON seed file (ZStack actions and their bodies), applied at start. */
  seed?: string;
}

export interface StandIn {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A typed client of the stand-in, logged in as `admin`. */
  client: ZStackClient;
  /** The client's session, for calls made another way. */
  sessionId: string;
  /**
   * Makes the next `times` calls of an action fail (or answer `delayMs` late), or sets a model center's status
   * (`{ modelCenterUuid, status: "Disconnected" }`). Throws ControlError naming what is wrong with the rule.
   */
  fail(rule: FaultRule | ModelCenterStatusRule): Promise<void>;
  /** Removes every fault rule. */
  clearFaults(): Promise<void>;
  /** The API calls the stand-in answered (the last 1,000, job polls included), oldest first. */
  journal(): Promise<JournalEntry[]>;
  /** Every resource, job and access key gone, the rules and the journal too; accounts and sessions stay. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The admin's password on a stand-in: ZStack's default, which the server allows on loopback only. */
const password = defaultAdminPassword;

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const server = await createZStackServer({
    db: ":memory:",
    host: "127.0.0.1",
    port: 0,
    apiVersion: options.apiVersion,
    references: options.references ?? "check",
    deploySeconds: options.deploySeconds ?? 0,
    seed: options.seed,
    control: true,
    adminPassword: password,
    logger: pino({ level: "silent" }),
  });
  try {
    const { url } = await server.listen(0, "127.0.0.1");
    const controls = controlsOf(server.app)!;
    // Typed as the newest version; an older stand-in rejects what its version lacks, naming the version.
    const apiVersion = (options.apiVersion ?? latestApiVersion) as typeof latestApiVersion;
    const client = createZStackClient({ baseUrl: url, apiVersion, sessionId: await controls.adminSession() });
    return {
      url,
      client,
      sessionId: client.sessionId!,
      fail: (rule) => controls.fail(rule),
      clearFaults: async () => controls.clearFaults(),
      journal: async () => controls.journal(),
      reset: () => controls.reset(),
      close: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
