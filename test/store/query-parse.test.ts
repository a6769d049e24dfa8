import { describe, expect, it } from "vitest";
import { parseQuery, QueryParameterError, type QueryParams } from "../../server/zstack/query/parse.js";
import { modelServiceShape } from "../helpers/inventories.js";
import { gsonDatesAcrossDst } from "../fixtures/dst.js";

const utc = { timeZone: "UTC" };
const parse = (params: QueryParams, timeZone = "UTC") => parseQuery(params, modelServiceShape, { timeZone });
const conditions = (...q: string[]) => parse({ q }).query.conditions;

function rejection(params: QueryParams): QueryParameterError {
  try {
    parseQuery(params, modelServiceShape, utc);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryParameterError);
    return error as QueryParameterError;
  }
  throw new Error(`accepted ${JSON.stringify(params)}`);
}

describe("parseQuery: defaults", () => {
  it("answers ZStack's defaults when nothing is given", () => {
    expect(parse({})).toEqual({
      query: { conditions: [], limit: 1000, start: 0, count: false, replyWithCount: false },
    });
  });

  it("takes limit, start, count and replyWithCount as given", () => {
    const { query } = parse({ limit: 50, start: 100, count: true, replyWithCount: true });
    expect(query).toMatchObject({ limit: 50, start: 100, count: true, replyWithCount: true });
  });

  it("takes numbers and flags still in their query-string form", () => {
    const { query } = parse({ limit: "50", start: "7", count: "false", replyWithCount: "TRUE" });
    expect(query).toMatchObject({ limit: 50, start: 7, count: false, replyWithCount: true });
  });

  it.each([
    ["limit", { limit: "abc" }],
    ["count", { count: "yes" }],
    ["sort", { sort: ["+name", "-name"] as unknown as string }],
    ["q", { q: [{}] as unknown as string[] }],
    ["limit", { limit: -1 }],
    ["limit", { limit: 1.5 }],
    ["limit", { limit: Number.NaN }],
    ["start", { start: -3 }],
  ])("rejects a bad %s, naming it", (parameter, params) => {
    const error = rejection(params);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toContain(parameter);
  });
});

describe("parseQuery: q operators", () => {
  it.each([
    ["name=llama", { field: "name", op: "=", values: ["llama"] }],
    ["name!=llama", { field: "name", op: "!=", values: ["llama"] }],
    ["requestCpu>=2", { field: "requestCpu", op: ">=", values: [2] }],
    ["requestCpu<=8", { field: "requestCpu", op: "<=", values: [8] }],
    ["requestCpu>2", { field: "requestCpu", op: ">", values: [2] }],
    ["requestMemory<4096", { field: "requestMemory", op: "<", values: [4096] }],
    ["type?=Endpoint,FineTune", { field: "type", op: "?=", values: ["Endpoint", "FineTune"] }],
    ["requestCpu!?=1,2", { field: "requestCpu", op: "!?=", values: [1, 2] }],
    ["name~=llama%", { field: "name", op: "~=", values: ["llama%"] }],
    ["name!~=%test%", { field: "name", op: "!~=", values: ["%test%"] }],
    ["description is null", { field: "description", op: "is null", values: [] }],
    ["framework not null", { field: "framework", op: "not null", values: [] }],
    ["system=true", { field: "system", op: "=", values: [true] }],
    ["supportDistributed!=FALSE", { field: "supportDistributed", op: "!=", values: [false] }],
  ])("%s", (q, expected) => {
    expect(conditions(q)).toEqual([expected]);
  });

  it("keeps every repeated q, all of which must hold", () => {
    expect(conditions("type=Endpoint", "requestCpu>=2")).toHaveLength(2);
  });

  it("accepts one q given as a string, commas and all", () => {
    expect(parse({ q: "description=a,b" }).query.conditions).toEqual([
      { field: "description", op: "=", values: ["a,b"] },
    ]);
  });

  it("lets a value contain operator characters", () => {
    expect(conditions("description=a>=b")).toEqual([{ field: "description", op: "=", values: ["a>=b"] }]);
    expect(conditions("startCommand~=%--port=8080%")).toEqual([
      { field: "startCommand", op: "~=", values: ["%--port=8080%"] },
    ]);
    expect(conditions("name=")).toEqual([{ field: "name", op: "=", values: [""] }]);
  });

  it("rejects an unknown field, naming it and the queryable ones", () => {
    const error = rejection({ q: ["requestMemery>=1"] });
    expect(error.parameter).toBe("q");
    expect(error.message).toContain('unknown field "requestMemery"');
    expect(error.message).toContain("requestMemory");
  });

  it("rejects a nested field: only scalar fields are queryable", () => {
    expect(rejection({ q: "modelServiceRefs=x" }).message).toContain('unknown field "modelServiceRefs"');
  });

  it("rejects a condition without an operator", () => {
    const error = rejection({ q: "name" });
    expect(error.parameter).toBe("q");
    expect(error.message).toMatch(/no operator/);
  });

  it.each([
    ["requestCpu~=2%", "~="],
    ["system>true", ">"],
    ["createDate!~=x", "!~="],
  ])("rejects %s: an operator that does not apply to the field's type", (q, op) => {
    expect(rejection({ q }).message).toContain(`operator "${op}"`);
  });

  it.each([
    ["requestCpu>=two", "an integer"],
    ["requestCpu?=1,x", "an integer"],
    ["system=yes", "true or false"],
    ["createDate>yesterday", "a date"],
    ["size=1e3", "an integer"],
    ["requestMemory=99999999999999999999", "an integer"],
  ])("rejects %s: a bad value, saying what is expected", (q, expected) => {
    const error = rejection({ q });
    expect(error.parameter).toBe("q");
    expect(error.message).toContain("bad value");
    expect(error.message).toContain(expected);
  });
});

describe("parseQuery: dates", () => {
  const epoch = Date.UTC(2026, 10, 24, 16, 20, 13);

  it("reads ZStack's Gson form in the given time zone", () => {
    expect(conditions("createDate>=Nov 24, 2026 4:20:13 PM")[0]!.values).toEqual([epoch]);
    const shanghai = parse({ q: "createDate>=Nov 25, 2026 12:20:13 AM" }, "Asia/Shanghai").query.conditions[0]!;
    expect(shanghai.values).toEqual([epoch]);
  });

  it.each(gsonDatesAcrossDst)("across a DST change, %s", (_, text, zone, iso) => {
    expect(parse({ q: `createDate=${text}` }, zone).query.conditions[0]!.values).toEqual([Date.parse(iso)]);
  });

  it("reads the Gson variants SDKs produce: a comma after the year, a narrow no-break space", () => {
    expect(conditions("lastOpDate<Nov 24, 2026, 4:20:13 PM")[0]!.values).toEqual([epoch]);
    expect(conditions("lastOpDate<Nov 24, 2026 4:20:13\u202fPM")[0]!.values).toEqual([epoch]);
  });

  it("reads ISO-8601 with its own offset, and without one in the given time zone", () => {
    expect(conditions("createDate=2026-11-24T16:20:13Z")[0]!.values).toEqual([epoch]);
    expect(conditions("createDate=2026-11-24T17:20:13.000+01:00")[0]!.values).toEqual([epoch]);
    const berlin = parse({ q: "createDate=2026-11-24T17:20:13" }, "Europe/Berlin").query.conditions[0]!;
    expect(berlin.values).toEqual([epoch]);
  });

  it("follows daylight saving time in the time zone", () => {
    const summer = parse({ q: "createDate=Jul 1, 2026 12:00:00 PM" }, "Europe/Berlin").query.conditions[0]!;
    expect(summer.values).toEqual([Date.UTC(2026, 6, 1, 10)]);
  });

  it.each(["Feb 30, 2026 1:00:00 PM", "Nov 24, 2026 13:00:00 PM", "2026-13-01", "1764001213000"])(
    "rejects %s",
    (date) => {
      expect(rejection({ q: `createDate=${date}` }).message).toContain("bad value");
    },
  );
});

describe("parseQuery: sort and fields", () => {
  it.each([
    ["+name", "asc"],
    ["-createDate", "desc"],
    ["requestCpu", "asc"],
    [" name", "asc"],
  ])("sort=%s", (sort, direction) => {
    expect(parse({ sort }).query.sort?.direction).toBe(direction);
  });

  it("rejects sorting on an unknown or nested field", () => {
    for (const sort of ["-nope", "+modelServiceImages", "name,uuid"]) {
      const error = rejection({ sort });
      expect(error.parameter).toBe("sort");
      expect(error.message).toContain(sort);
    }
  });

  it("returns the projection with uuid first, from a list or a comma-separated string", () => {
    expect(parse({ fields: "name,requestCpu" }).fields).toEqual(["uuid", "name", "requestCpu"]);
    expect(parse({ fields: ["modelServiceRefs", "uuid", "name"] }).fields).toEqual([
      "uuid",
      "modelServiceRefs",
      "name",
    ]);
    expect(parse({ fields: "" }).fields).toBeUndefined();
  });

  it("accepts each of the inventory's 29 fields, and no other", () => {
    const all = [
      "uuid",
      "name",
      "description",
      "readme",
      "yaml",
      "requestCpu",
      "requestMemory",
      "modelCenterUuid",
      "type",
      "framework",
      "source",
      "size",
      "system",
      "hasNewVersion",
      "gpuComputeCapability",
      "installPath",
      "pythonVersion",
      "condaVersion",
      "version",
      "startCommand",
      "containerCommand",
      "containerArgs",
      "supportDistributed",
      "cpuArchitectures",
      "vendorToSpecUuidsMap",
      "modelServiceRefs",
      "modelServiceImages",
      "createDate",
      "lastOpDate",
    ];
    expect(parse({ fields: all }).fields).toHaveLength(29);
    const error = rejection({ fields: "name,systemTags,nme" });
    expect(error.parameter).toBe("fields");
    expect(error.message).toContain('"systemTags", "nme"');
  });
});
