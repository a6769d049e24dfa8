// Stores many model services (and models) for the read scenarios (`get`, `query`, `query-models-uncached`) through
// the store itself (its public insert, as the server writes them), without 100,000 HTTP calls. `--seeded-dir` keeps
// the files between runs, with the sample of uuids beside each.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StoredModel } from "../../server/resources/models/definition.js";
import type { StoredModelService } from "../../server/resources/model-services/definition.js";
import { openStore } from "../../server/store/index.js";
import { documentYamlReindented } from "../../test/fixtures/seed.js";

const types = ["Endpoint", "FineTune", "ModelEval", "App"] as const;

function uuid(): string {
  return randomUUID().replaceAll("-", "");
}

/** The i-th seeded service: a varied mix so that `type=Endpoint&requestCpu>=2` matches about a fifth. */
export function seededService(i: number, createDate: number): StoredModelService {
  const serviceUuid = uuid();
  const image = (cpuArchitecture: string, vmImageUuid: string, dockerImage: string) => ({
    uuid: uuid(),
    modelServiceUuid: serviceUuid,
    cpuArchitecture,
    vmImageUuid,
    dockerImage,
    createDate,
    lastOpDate: createDate,
  });
  return {
    uuid: serviceUuid,
    name: `model service ${i}`,
    description: "This is text to text model service you can chose model",
    yaml: documentYamlReindented,
    requestCpu: 1 + (i % 8),
    requestMemory: 1024 * (1 + (i % 16)),
    modelCenterUuid: "modelCenterUuidExample",
    type: types[i % types.length]!,
    source: "Other",
    system: false,
    gpuComputeCapability: "7.5",
    installPath: `/opt/zstack/ai/model-services/service-${i}`,
    pythonVersion: "3.8.10",
    condaVersion: "4.9.2",
    startCommand: "python3 app.py",
    supportDistributed: false,
    cpuArchitectures: ["X86_64", "AARCH64"],
    modelServiceRefs: [],
    modelServiceImages: [
      image("X86_64", "vmImageUuidX86Example", "registry.example.com/x86_64/myimage:latest"),
      image("AARCH64", "vmImageUuidAarchExample", "registry.example.com/aarch64/myimage:latest"),
    ],
    createDate,
    lastOpDate: createDate,
  };
}

/** The model centers the seeded models are spread over: a center's newest-first page reads one index range. */
export const seededModelCenters = Array.from(
  { length: 10 },
  (_, i) => `${i.toString(16).repeat(8)}4def8123456789abcdee`,
);

/** The i-th seeded model, in one of ten centers (references are not checked when seeding through the store). */
export function seededModel(i: number, createDate: number): StoredModel {
  return {
    uuid: uuid(),
    name: `model ${i}`,
    description: "Qwen 1.5",
    installPath: `192.168.10.12:/ai/model_center/model-${i}`,
    modelCenterUuid: seededModelCenters[i % seededModelCenters.length]!,
    vendor: "Alibaba",
    version: "CustomizeVersion",
    size: 102400 + i,
    modelClassifications: ["Text-Generation"],
    modelServiceRefs: [],
    createDate,
    lastOpDate: createDate,
  } as StoredModel;
}

const seeders = {
  services: { table: "model_services", apiName: "AddModelService", record: seededService },
  models: { table: "models", apiName: "AddModel", record: seededModel },
} as const;
export type SeededKind = keyof typeof seeders;

/**
 * Adds `count` services (or models) to the SQLite file `db` and returns a sample of their uuids (for `get`). Dates
 * are a second apart, ending now, so the newest-first query has a real order to follow.
 */
export async function seedRecords(
  kind: SeededKind,
  db: string,
  count: number,
  sampleSize = 1000,
  chunk = 1000,
): Promise<string[]> {
  const seeder = seeders[kind];
  const store = await openStore(db);
  const sample: string[] = [];
  const every = Math.max(1, Math.floor(count / sampleSize));
  const start = Date.now() - count * 1000;
  const add = (i: number) => {
    const createDate = start + i * 1000;
    const record = seeder.record(i, createDate);
    if (i % every === 0 && sample.length < sampleSize) sample.push(record.uuid);
    return store.insert(seeder.table, record, {
      uuid: uuid(),
      apiName: seeder.apiName,
      outcome: { status: 200, body: { inventory: { uuid: record.uuid } } },
      now: createDate,
    });
  };
  try {
    // Many adds in flight at once, as under load: a store that groups the writes of one event-loop turn into
    // one transaction commits each chunk at once.
    for (let first = 0; first < count; first += chunk) {
      await Promise.all(Array.from({ length: Math.min(chunk, count - first) }, (_, j) => add(first + j)));
    }
  } finally {
    await store.close();
  }
  return sample;
}

/** `seedRecords` into `dir`, or the file a previous run left there (with its sample) when `dir` is kept. */
export async function seededFile(
  kind: SeededKind,
  dir: string,
  count: number,
): Promise<{ db: string; uuids: string[]; reused: boolean }> {
  const db = join(dir, `${kind}-${count}.db`);
  const sampleFile = `${db}.uuids.json`;
  if (existsSync(db) && existsSync(sampleFile))
    return { db, uuids: JSON.parse(readFileSync(sampleFile, "utf8")) as string[], reused: true };
  const uuids = await seedRecords(kind, db, count);
  writeFileSync(sampleFile, JSON.stringify(uuids));
  return { db, uuids, reused: false };
}
