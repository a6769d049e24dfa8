// Stores many model services for the read scenarios (`get`, `query`) through the store itself (its public
// addModelService, as the server writes them), without 100,000 HTTP calls.
import { randomUUID } from "node:crypto";
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

/**
 * Adds `count` services to the SQLite file `db` and returns a sample of their uuids (for `get`). Dates are a
 * second apart, ending now, so the newest-first query has a real order to follow.
 */
export async function seedServices(db: string, count: number, sampleSize = 1000, chunk = 1000): Promise<string[]> {
  const store = await openStore(db);
  const sample: string[] = [];
  const every = Math.max(1, Math.floor(count / sampleSize));
  const start = Date.now() - count * 1000;
  const add = (i: number) => {
    const createDate = start + i * 1000;
    const service = seededService(i, createDate);
    if (i % every === 0 && sample.length < sampleSize) sample.push(service.uuid);
    return store.insert("model_services", service, {
      uuid: uuid(),
      apiName: "AddModelService",
      outcome: { status: 200, body: { inventory: { uuid: service.uuid } } },
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
