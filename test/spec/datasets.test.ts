// The dataset operations and fields carry the versions DESIGN.md's rule infers (no ZStack page documents them),
// and the documents say that they are inferred; the inventory is ZStack's DatasetInventory.
import { describe, expect, it } from "vitest";
import { componentSchema, listOperations, loadDocument } from "../helpers/documents.js";

const datasetOperations = [
  "CreateDataset",
  "QueryDataset",
  "GetDataset",
  "UpdateDataset",
  "DeleteDataset",
  "UpdateDatasets",
  "DeleteDatasets",
];

describe.each(["3.0", "3.1"] as const)("OpenAPI %s", (openapi) => {
  const latest = loadDocument("5.5.22", openapi);
  const first = loadDocument("5.1.8", openapi);
  const operations = (doc: ReturnType<typeof loadDocument>) =>
    new Map(listOperations(doc).map(({ operation }) => [operation.operationId as string, operation]));

  it("5.1.8 has the 5.1.20 SDK's dataset operations; 5.3.20 adds the batches", () => {
    expect(datasetOperations.filter((id) => operations(first).has(id))).toEqual([
      "CreateDataset",
      "QueryDataset",
      "GetDataset",
      "UpdateDataset",
      "DeleteDataset",
    ]);
    expect(datasetOperations.filter((id) => operations(latest).has(id))).toEqual(datasetOperations);
  });

  it("every dataset operation says its version is inferred", () => {
    for (const id of datasetOperations) {
      const operation = operations(latest).get(id);
      const since = ["UpdateDatasets", "DeleteDatasets"].includes(id) ? "5.3.20" : "5.1.8";
      expect([id, operation["x-zstack-since"], operation["x-zstack-since-inferred"]]).toEqual([id, since, true]);
      expect(operation.description).toMatch(new RegExp(`Since ${since.replace(/\./g, "\\.")} \\(inferred\\)\\.$`));
    }
  });

  it("every field of the dataset models says its version is inferred", () => {
    const models = [
      "CreateDatasetParams",
      "UpdateDatasetParam",
      "UpdateDatasetStruct",
      "UpdateDatasetsParam",
      "DatasetInventory",
    ];
    for (const name of models) {
      for (const [field, schema] of Object.entries(componentSchema(latest, name).properties) as [
        string,
        Record<string, unknown>,
      ][]) {
        expect([name, field, schema["x-zstack-since-inferred"]]).toEqual([name, field, true]);
        expect(schema.description).toMatch(/Since 5\.(1\.8|3\.20) \(inferred\)\.$/);
      }
    }
    expect(componentSchema(latest, "UpdateDatasetParam").properties.dataType["x-zstack-since"]).toBe("5.3.20");
    expect(componentSchema(latest, "UpdateDatasetParam").properties.name["x-zstack-since"]).toBe("5.1.8");
  });

  it("documented fields elsewhere keep a plain Since", () => {
    expect(componentSchema(latest, "AddModelServiceParam").properties.name.description).toMatch(/Since 5\.1\.8\.$/);
  });

  it("the inventory has ZStack's DatasetInventory fields", () => {
    expect(Object.keys(componentSchema(latest, "DatasetInventory").properties)).toEqual([
      "uuid",
      "name",
      "description",
      "url",
      "installPath",
      "modelCenterUuid",
      "size",
      "system",
      "createDate",
      "lastOpDate",
    ]);
  });
});
