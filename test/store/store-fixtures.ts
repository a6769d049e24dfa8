// Services, jobs and sessions for the store suite: complete and valid, unique per call.

import type { StoredModelService } from "../../server/resources/model-services/definition.js";
import type { NewJob, StoredSession } from "../../server/store/types.js";
import { newUuid } from "../helpers/uuids.js";

export { newUuid };

export function makeService(overrides: Partial<StoredModelService> = {}): StoredModelService {
  const uuid = overrides.uuid ?? newUuid();
  return {
    uuid,
    name: "Qwen2-7B-Instruct",
    description: "A chat model service",
    yaml: "name: qwen2\nimage: vllm\n",
    requestCpu: 4,
    requestMemory: 16384,
    modelCenterUuid: newUuid(),
    type: "Endpoint",
    framework: "vLLM",
    source: "HuggingFace",
    system: false,
    installPath: "/opt/models/qwen2",
    startCommand: "python -m vllm.entrypoints.openai.api_server --port 8000",
    supportDistributed: false,
    cpuArchitectures: ["X86_64"],
    vendorToSpecUuidsMap: { NVIDIA: [newUuid()] },
    modelServiceRefs: [{ uuid: newUuid(), modelUuid: newUuid(), modelServiceUuid: uuid, isDefault: true }],
    modelServiceImages: [
      {
        uuid: newUuid(),
        modelServiceUuid: uuid,
        cpuArchitecture: "X86_64",
        dockerImage: "vllm:0.5",
        createDate: 1_764_001_213_000,
        lastOpDate: 1_764_001_213_000,
      },
    ],
    systemTags: ["tag::a"],
    createDate: 1_764_001_213_000,
    lastOpDate: 1_764_001_213_000,
    ...overrides,
  };
}

export function makeJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    uuid: newUuid(),
    apiName: "AddModelService",
    outcome: { status: 200, body: { inventory: {} } },
    now: 1_000,
    ...overrides,
  };
}

export function makeSession(accountUuid: string, now: number, overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    uuid: newUuid(),
    accountUuid,
    userUuid: accountUuid,
    userType: "AccountVO",
    createdAt: now,
    expiresAt: now + 7_200_000,
    renewedAt: now,
    ...overrides,
  };
}
