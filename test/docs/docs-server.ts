// A server that serves the reference page for the docs tests, over real HTTP on port 0.
// Until server/index.ts (createZStackServer) lands, the docs router is mounted on a bare Express app,
// exactly where the real server mounts it.
import type { AddressInfo } from "node:net";
import express from "express";
import { apiVersions } from "../../generated/types/index.js";
import { docsRouter } from "../../server/docs/router.js";

export interface DocsServer {
  origin: string;
  close(): Promise<void>;
}

export async function startDocsServer(apiVersion: string = apiVersions[apiVersions.length - 1]!): Promise<DocsServer> {
  const app = express();
  app.use("/zstack/v1/docs", docsRouter({ apiVersion, versions: apiVersions }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
