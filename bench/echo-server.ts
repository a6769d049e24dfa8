// baseline-echo: a bare Express 5 app that parses the AddModelService body with express.json() and answers
// a fixed 202, with no validation and no storage. The ceiling for Express on this machine; every other
// scenario's ratio is over it. Usage: echo-server.ts <port>
import express from "express";

const port = Number(process.argv[2]);
const host = "127.0.0.1";
const accepted = {
  location: `http://${host}:${port}/zstack/v1/api-jobs/8f2c1e5a9b3d4f6e8a7c2b1d0e9f8a7b`,
  apiTimeout: 10_800_000,
};

const app = express();
app.use(express.json({ limit: "1mb" }));
app.get("/readyz", (_request, response) => {
  response.json({ status: "ok" });
});
app.post("/zstack/v1/ai/model-services", (request, response) => {
  // Touch the parsed body so the parse cannot be skipped.
  if (typeof request.body?.param !== "object") {
    response.status(400).json({ error: { code: "SYS.1007", description: "no param" } });
    return;
  }
  response.status(202).json(accepted);
});

const server = app.listen(port, host);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
