// AddModelService's `param` per version matches the source document's table exactly.
import { describe, expect, it } from "vitest";
import { addModelServiceParameters, sdkCarriedParamFields, singleImageFields, versions } from "../fixtures/seed.js";
import { updateFieldsBeyondZStack, updateModelServiceFields } from "../fixtures/update-model-service.js";
import { componentSchema, loadDocument, resolveSchema } from "../helpers/documents.js";

const versionIndex = (v: string) => versions.indexOf(v as (typeof versions)[number]);
const typeOf = (doc: ReturnType<typeof loadDocument>, schema: unknown) => {
  const s = resolveSchema(doc, schema);
  if (s.enum) return "String";
  if (s.type === "integer") return s.format === "int64" ? "Long" : "Integer";
  if (s.type === "array") return "List";
  if (s.type === "object") return "Map";
  return { string: "String", boolean: "Boolean" }[s.type as string];
};

describe.each(versions)("AddModelService param in %s", (version) => {
  const doc = loadDocument(version);
  const param = componentSchema(doc, "AddModelServiceParam");
  const inParam = addModelServiceParameters.filter(
    (f) => f.location === "param" && versionIndex(f.since) <= versionIndex(version),
  );

  it("has just the document's fields to this version and the SDK-carried ones (5.1.20's single image in 5.1.8)", () => {
    const singleImage = version === "5.1.8" ? singleImageFields.map((f) => f.name) : [];
    expect(Object.keys(param.properties).sort()).toEqual(
      [...inParam.map((f) => f.name), ...sdkCarriedParamFields, ...singleImage].sort(),
    );
  });

  it("requires exactly the document's mandatory fields", () => {
    expect([...param.required].sort()).toEqual(
      addModelServiceParameters
        .filter((f) => !f.optional)
        .map((f) => f.name)
        .sort(),
    );
  });

  it("gives each field the document's type", () => {
    for (const field of inParam)
      expect([field.name, typeOf(doc, param.properties[field.name])]).toEqual([field.name, field.type]);
  });

  it("tags each field with the version that added it", () => {
    for (const field of inParam)
      expect([field.name, param.properties[field.name]["x-zstack-since"]]).toEqual([field.name, field.since]);
  });

  it("rejects unknown fields, in param and in the body", () => {
    expect(param.additionalProperties).toBe(false);
    expect(componentSchema(doc, "AddModelServiceRequest").additionalProperties).toBe(false);
  });

  it("keeps systemTags and userTags beside param", () => {
    const body = componentSchema(doc, "AddModelServiceRequest");
    expect(Object.keys(body.properties).sort()).toEqual(["param", "systemTags", "userTags"]);
    expect(body.required).toEqual(["param"]);
  });
});

describe("differences between versions", () => {
  const fieldsOf = (v: string) => Object.keys(componentSchema(loadDocument(v), "AddModelServiceParam").properties);
  const added = (from: string, to: string) =>
    fieldsOf(to)
      .filter((f) => !fieldsOf(from).includes(f))
      .sort();

  it("5.1.8 has no source", () => expect(fieldsOf("5.1.8")).not.toContain("source"));
  it("5.3.28 adds source, modelUuids and architectureImages", () =>
    expect(added("5.1.8", "5.3.28")).toEqual(["architectureImages", "modelUuids", "source"]));
  it("5.3.46 adds supportDistributed", () => expect(added("5.3.28", "5.3.46")).toEqual(["supportDistributed"]));
  it("5.5.22 adds containerCommand, containerArgs and vendorToSpecUuidsMap", () =>
    expect(added("5.3.46", "5.5.22")).toEqual(["containerArgs", "containerCommand", "vendorToSpecUuidsMap"]));
  it("5.3.28 removes dockerImage and vmImageUuid, naming architectureImages; no other version removes a field", () => {
    expect(added("5.3.28", "5.1.8")).toEqual(["dockerImage", "vmImageUuid"]);
    for (let i = 2; i < versions.length; i++) expect(added(versions[i]!, versions[i - 1]!)).toEqual([]);
    const old = componentSchema(loadDocument("5.1.8"), "AddModelServiceParam");
    for (const field of singleImageFields) {
      expect(old.properties[field.name]).toMatchObject({
        "x-zstack-since": "5.1.8",
        "x-zstack-removed-in": field.removedIn,
        "x-zstack-replaced-by": field.replacedBy.param,
      });
    }
  });
});

describe("constraints ZStack has", () => {
  const param = componentSchema(loadDocument("5.5.22"), "AddModelServiceParam");
  const doc = loadDocument("5.5.22");

  it("resourceUuid follows ZStack's uuid pattern", () =>
    expect(resolveSchema(doc, param.properties.resourceUuid).pattern).toBe(
      "^[0-9a-f]{8}[0-9a-f]{4}[1-5][0-9a-f]{3}[89ab][0-9a-f]{3}[0-9a-f]{12}$",
    ));
  it("requestCpu and requestMemory are at least 1", () => {
    expect(param.properties.requestCpu.minimum).toBe(1);
    expect(param.properties.requestMemory.minimum).toBe(1);
  });
  it("name is not empty", () => expect(param.properties.name.minLength).toBe(1));
  it("type and source have ZStack's values and defaults", () => {
    expect(resolveSchema(doc, param.properties.type).enum).toEqual(["Endpoint", "FineTune", "ModelEval", "App"]);
    expect(param.properties.type.default).toBe("Endpoint");
    expect(resolveSchema(doc, param.properties.source).enum).toEqual(["Other", "Bentoml", "HuggingFace"]);
    expect(param.properties.source.default).toBe("Other");
  });
  it("architectureImages items are closed and need a cpuArchitecture", () => {
    const item = resolveSchema(doc, param.properties.architectureImages.items);
    expect(item.additionalProperties).toBe(false);
    expect(item.required).toEqual(["cpuArchitecture"]);
    expect(Object.keys(item.properties).sort()).toEqual(["cpuArchitecture", "dockerImage", "vmImageUuid"]);
  });
});

describe.each(versions)("UpdateModelService's fields in %s (ZStack's SDKs, reference §3.1)", (version) => {
  const doc = loadDocument(version);
  const param = componentSchema(doc, "UpdateModelServiceParam");
  const has = (f: (typeof updateModelServiceFields)[number]) =>
    versionIndex(f.since) <= versionIndex(version) &&
    (!f.removedIn || versionIndex(version) < versionIndex(f.removedIn));
  const present = updateModelServiceFields.filter(has);

  it("has exactly the SDKs' fields of this version, plus the SDK-carried ones and those it took before", () => {
    expect(Object.keys(param.properties).sort()).toEqual(
      [...present.map((f) => f.name), ...sdkCarriedParamFields, ...updateFieldsBeyondZStack].sort(),
    );
  });

  it("gives each field its type and version, saying which versions are inferred", () => {
    for (const field of present) {
      const property = param.properties[field.name];
      expect([field.name, typeOf(doc, property), property["x-zstack-since"]]).toEqual([
        field.name,
        field.type,
        field.since,
      ]);
      expect([field.name, property["x-zstack-since-inferred"] ?? false]).toEqual([field.name, field.inferred ?? false]);
      if (field.inferred)
        expect(property.description).toMatch(
          new RegExp(`Since ${field.since.replace(/\./g, "\\.")} \\(inferred\\)\\.`),
        );
    }
  });

  it("stays closed and needs at least one field", () => {
    expect(param.additionalProperties).toBe(false);
    expect(param.minProperties).toBe(1);
  });
});
