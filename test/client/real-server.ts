// The real server for the client's end-to-end tests: port 0 on loopback, a SQLite file in a temp folder of its own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createZStackServer, type ZStackServerOptions } from "../../server/index.js";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ZStackServerOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), "zms-client-"));
  const server = await createZStackServer({ db: join(dir, "zstack.db"), logLevel: "silent", ...options });
  const { url } = await server.listen(0, "127.0.0.1");
  return {
    url,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The admin account every fresh server has on loopback (ZStack's default). */
export const admin = { accountName: "admin", password: "password" };

/** The smallest valid AddModelService param. */
export function minimalParam(name: string, requestCpu = 1) {
  return {
    name,
    yaml: "services:\n  - name: web\n    ports:\n      - 3000\n",
    modelCenterUuid: "modelCenterUuidExample",
    requestCpu,
    requestMemory: 1024,
    installPath: "/opt/zstack/ai/model-services/" + name,
    startCommand: "python3 app.py",
  };
}
