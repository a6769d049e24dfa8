// The inventory and the error model match the source document's tables, in every version.
import { describe, expect, it } from "vitest";
import { errorCodeFields, inventoryFields, singleImageFields, versions } from "../fixtures/seed.js";
import { componentSchema, listOperations, loadDocument, resolveSchema } from "../helpers/documents.js";

describe.each(versions)("documents of %s", (version) => {
  const doc = loadDocument(version);

  it("the inventory has just the document's 29 fields (and 5.1.20's single image in 5.1.8), all tagged 5.1.8", () => {
    const inventory = componentSchema(doc, "ModelServiceInventory");
    const singleImage: string[] = singleImageFields.map((f) => f.name);
    expect(Object.keys(inventory.properties).filter((name) => !singleImage.includes(name))).toEqual(
      inventoryFields.map((f) => f.name),
    );
    expect(Object.keys(inventory.properties).filter((name) => singleImage.includes(name))).toEqual(
      version === "5.1.8" ? singleImage : [],
    );
    expect(inventoryFields).toHaveLength(29);
    for (const name of Object.keys(inventory.properties))
      expect(inventory.properties[name]["x-zstack-since"]).toBe("5.1.8");
  });

  it("the inventory requires only uuid", () => {
    expect(componentSchema(doc, "ModelServiceInventory").required).toEqual(["uuid"]);
  });

  it("the error model has the document's fields and is recursive through cause", () => {
    const error = componentSchema(doc, "ErrorCode");
    expect(Object.keys(error.properties)).toEqual(errorCodeFields);
    expect(resolveSchema(doc, error.properties.cause)).toBe(error);
    expect(error.properties.cause.$ref ?? error.properties.cause.allOf?.[0]?.$ref).toBe(
      "#/components/schemas/ErrorCode",
    );
  });

  it("every operation declares every error status with the { error } body", () => {
    for (const { operation } of listOperations(doc)) {
      for (const status of ["400", "404", "405", "413", "415", "500", "503"]) {
        const schema = operation.responses[status]?.content?.["application/json"]?.schema;
        expect([operation.operationId, status, schema?.$ref]).toEqual([
          operation.operationId,
          status,
          "#/components/schemas/ErrorResponse",
        ]);
      }
    }
  });

  it("the session is a security scheme on the Authorization header, not a raw header parameter", () => {
    expect(doc.components.securitySchemes.SessionAuth).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
    const headers = listOperations(doc).flatMap(({ operation }) => operation.parameters ?? []);
    expect(headers.filter((p: { name?: string }) => p.name === "Authorization")).toEqual([]);
  });

  it("an access-key signature is the other security scheme, on the same header, its signed path described", () => {
    expect(doc.components.securitySchemes.AccessKeyAuth).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
    expect(doc.components.securitySchemes.AccessKeyAuth.description).toMatch(
      /from the `\/v1\/` that follows the `\/zstack` context/,
    );
  });

  it("login, logout, the session check and health need no session; the rest do", () => {
    const open = listOperations(doc).filter(({ operation }) => JSON.stringify(operation.security) === "[{}]");
    expect(open.map(({ operation }) => operation.operationId).sort()).toEqual([
      "Livez",
      "LogInByAccount",
      "LogOut",
      "Readyz",
      "ValidateSession",
    ]);
    expect(doc.security).toEqual([{ SessionAuth: [] }, { AccessKeyAuth: [] }]);
  });

  it("asynchronous APIs answer 202 with the job location", () => {
    for (const id of ["AddModelService", "UpdateOrDeployModelService", "DeleteModelService"]) {
      const op = listOperations(doc).find(({ operation }) => operation.operationId === id)!.operation;
      expect(op.responses["202"].content["application/json"].schema.$ref).toBe("#/components/schemas/AsyncJobAccepted");
    }
    expect(componentSchema(doc, "AsyncJobAccepted").required).toEqual(["location", "apiTimeout"]);
  });
});
