// UpdateModelService's request as changes to a stored service. Fields the inventory shows are set as they are;
// `serviceStartCommand` / `serviceInstallPath` set `startCommand` / `installPath`; `architectureImages` replaces
// the images and so `cpuArchitectures`; the fields that live in the service YAML are applied to its text
// (yaml-edits.ts) inside the store's transaction, so that two updates editing one YAML do not lose an edit.
import type { RecordChanges } from "../../store/types.js";
import { type ZStackError, zstackErrors } from "../../zstack/errors.js";
import {
  newImages,
  type Schemas,
  type SharedPutBody,
  type SingleImage,
  type StoredModelService,
} from "./definition.js";
import { applyYamlEdits, type YamlEdits, type YamlField, yamlFields } from "./yaml-edits.js";
import { updatedTags } from "../../zstack/jobs.js";

type UpdateRequest = SharedPutBody<"updateModelService">;
type UpdateParam = Schemas["UpdateModelServiceParam"] & SingleImage;

const envelope = "updateModelService";

/** Update fields that are another name for an inventory field. */
const aliases = [
  ["serviceStartCommand", "startCommand"],
  ["serviceInstallPath", "installPath"],
] as const;

/**
 * The changes an UpdateModelService request makes to service `uuid`, or the argument error that stops it.
 * `checkYaml` checks a YAML the edits produce as a sent one is checked (`--yaml-check`); the changes function
 * throws the ZStackError when the stored YAML cannot take the edits.
 */
export function updateChanges(
  uuid: string,
  body: UpdateRequest,
  now: number,
  checkYaml: (yaml: string) => ZStackError | undefined,
): { changes: RecordChanges } | { error: ZStackError } {
  const {
    systemTags,
    userTags,
    requestIp: _ignored,
    architectureImages,
    ...rest
  } = body.updateModelService as UpdateParam;
  const edits: YamlEdits = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (yamlFields.includes(key as YamlField)) edits[key as YamlField] = value;
    else if (!aliases.some(([alias]) => alias === key)) fields[key] = value;
  }
  for (const [alias, field] of aliases) {
    const value = rest[alias];
    if (value === undefined) continue;
    if (fields[field] !== undefined && fields[field] !== value) {
      return {
        error: zstackErrors.invalidArgument(
          `${envelope}.${alias}: differs from ${envelope}.${field}; send one of them, or the same value`,
        ),
      };
    }
    fields[field] = value;
  }

  const changes: Partial<StoredModelService> = { ...fields, lastOpDate: now };
  if (architectureImages) {
    changes.modelServiceImages = newImages(uuid, architectureImages, now);
    changes.cpuArchitectures = [...new Set(architectureImages.map((image) => image.cpuArchitecture))];
  }
  Object.assign(changes, updatedTags({ systemTags, userTags }, body));

  if (Object.keys(edits).length === 0) return { changes };
  return {
    changes: (current) => {
      // A YAML sent in the same request is the one edited.
      const result = applyYamlEdits(String(changes.yaml ?? current.yaml ?? ""), edits, envelope);
      if ("error" in result) throw result.error;
      const invalid = checkYaml(result.yaml);
      if (invalid) throw invalid;
      return { ...changes, yaml: result.yaml };
    },
  };
}
