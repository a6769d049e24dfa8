// The real server for the docs tests: createZStackServer on port 0 with a SQLite file in a temp folder of
// its own, silent logs. The reference page is served by it exactly as `npm start` serves it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createZStackServer } from "../../server/index.js";

export interface DocsServer {
  origin: string;
  close(): Promise<void>;
}

export async function startDocsServer(apiVersion?: string): Promise<DocsServer> {
  const dir = mkdtempSync(join(tmpdir(), "zms-docs-"));
  const server = await createZStackServer({ db: join(dir, "docs.db"), apiVersion, logger: pino({ level: "silent" }) });
  try {
    const { url } = await server.listen(0, "127.0.0.1");
    return {
      origin: url,
      close: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
