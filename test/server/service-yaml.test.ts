// The service YAML check the server applies to param.yaml: what a user sees for each kind of mistake.
import { describe, expect, it } from "vitest";
import { checkServiceYaml, maxServiceYamlBytes } from "../../server/zstack/service-yaml.js";
import { documentYamlReindented, documentYamlVerbatim } from "../fixtures/seed.js";

const valid = "services:\n  - name: a\n    ports: [8080]\n";

describe("checkServiceYaml in strict mode", () => {
  it("accepts the document's YAML, re-indented", () => {
    expect(checkServiceYaml(documentYamlReindented, "strict")).toEqual([]);
  });

  it("points the document's verbatim (flattened) YAML at line 4, column 2 and names the indentation problem", () => {
    const problems = checkServiceYaml(documentYamlVerbatim, "strict");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^param\.yaml: line 4, column 2: bad indentation of a mapping entry/);
    expect(problems[0]).toContain("flattened to one space");
    expect(problems[0]).toContain("indent each level");
  });

  it("gives the general indentation rule when the lines are not all flattened", () => {
    const [problem] = checkServiceYaml("services:\n  - name: a\n   ports: [1]\n", "strict");
    expect(problem).toMatch(/^param\.yaml: line 3, column 4: bad indentation/);
    expect(problem).toContain("check the indentation at line 3");
  });

  it("gives line and column for other syntax errors", () => {
    expect(checkServiceYaml('services: "unterminated', "strict")).toEqual([
      "param.yaml: line 1, column 24: unexpected end of the stream within a double quoted scalar",
    ]);
  });

  it("uses the field name it is given", () => {
    expect(checkServiceYaml("- a", "strict", "updateModelService.yaml")[0]).toMatch(/^updateModelService\.yaml: /);
  });

  it.each([
    ["an anchor", "services:\n  - &svc\n    name: a\n", "line 2, column 5: anchors (&name) are not allowed"],
    ["an alias", "services:\n  - name: a\nother: *svc\n", "line 3, column 8: aliases (*name) are not allowed"],
    [
      "an alias bomb",
      "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\nservices: [{name: a}]\n",
      "line 1, column 4: anchors (&name) are not allowed",
    ],
  ])("rejects %s, saying where", (_what, text, message) => {
    expect(checkServiceYaml(text, "strict")).toEqual([`param.yaml: ${message} in a service YAML`]);
  });

  it("accepts & and * inside quoted and plain strings", () => {
    const text = "services:\n  - name: 'a&b *c'\n    livez: \"/x?a=1&b=*\"\n    readyz: a&b*c\n";
    expect(checkServiceYaml(text, "strict")).toEqual([]);
  });

  it("bounds the size in UTF-8 bytes, not characters", () => {
    const padding = (n: number) => `services: [{name: a}]\n# ${"é".repeat(n)}\n`;
    const fits = padding(Math.floor((maxServiceYamlBytes - 30) / 2));
    const tooBig = padding(Math.ceil(maxServiceYamlBytes / 2));
    expect(fits.length).toBeLessThan(maxServiceYamlBytes);
    expect(tooBig.length).toBeLessThan(maxServiceYamlBytes); // too big only when counted in bytes
    expect(checkServiceYaml(fits, "strict")).toEqual([]);
    expect(checkServiceYaml(tooBig, "strict")).toEqual([
      `param.yaml: is ${Buffer.byteLength(tooBig)} bytes; at most ${maxServiceYamlBytes} are allowed`,
    ]);
  });

  it.each([
    ["a list", "- name: a\n", "a list"],
    ["a plain string", "just text\n", "a string"],
    ["nothing", "", "nothing"],
    ["only a comment", "# nothing here\n", "nothing"],
  ])("requires a mapping at the top level, not %s", (_what, text, found) => {
    expect(checkServiceYaml(text, "strict")).toEqual([
      `param.yaml: the top level must be a mapping (e.g. "services:"), found ${found}`,
    ]);
  });

  it("bounds the nesting depth", () => {
    const deep = `services: [{name: a}]\nx: ${"[".repeat(40)}${"]".repeat(40)}\n`;
    expect(checkServiceYaml(deep, "strict")[0]).toMatch(
      /^param\.yaml: line 2, column \d+: nesting exceeded maxDepth \(32\)$/,
    );
  });

  it("rejects several documents in one text", () => {
    expect(checkServiceYaml(`${valid}---\n${valid}`, "strict")).toEqual([
      'param.yaml: must be a single YAML document, found 2 (remove the "---" separators)',
    ]);
  });

  it("refuses tags outside the safe core schema", () => {
    expect(checkServiceYaml("services: !!js/function 'x'\n", "strict")[0]).toMatch(
      /^param\.yaml: line 1, column 11: unknown scalar tag/,
    );
  });

  it("rejects duplicate keys", () => {
    expect(checkServiceYaml(`${valid}services: []\n`, "strict")).toEqual([
      "param.yaml: line 4, column 1: duplicated mapping key",
    ]);
  });

  it("names the path inside the YAML for each shape problem", () => {
    const text = [
      "services:",
      "  - name: a",
      "    ports: [70000, http]",
      "    serviceBootupTime: -1",
      "  - livez: /livez",
      "env: [1, {KEY: 2}, {KEY: value}, KEY=value]",
      "distro: {packages: 3}",
      "python: '3.8'",
    ].join("\n");
    expect(checkServiceYaml(text, "strict")).toEqual([
      "param.yaml: services[0].ports[0]: must be <= 65535",
      "param.yaml: services[0].ports[1]: must be integer",
      "param.yaml: services[0].serviceBootupTime: must be >= 0",
      "param.yaml: services[1].name: is required",
      "param.yaml: env[0]: must be string or object",
      "param.yaml: env[1].KEY: must be string",
      "param.yaml: distro.packages: must be string or array",
      "param.yaml: python: must be object",
    ]);
  });

  it.each([
    ["no services", "env: [A=1]\n", "param.yaml: services: is required"],
    ["an empty services list", "services: []\n", "param.yaml: services: must NOT have fewer than 1 items"],
    ["services as a mapping", "services: {name: a}\n", "param.yaml: services: must be array"],
    ["a port of 0", "services: [{name: a, ports: [0]}]\n", "param.yaml: services[0].ports[0]: must be >= 1"],
  ])("rejects %s", (_what, text, problem) => {
    expect(checkServiceYaml(text, "strict")).toEqual([problem]);
  });

  it("accepts keys the schema does not name", () => {
    expect(checkServiceYaml("services: [{name: a, gpu: 1}]\nresources: {gpu: 1}\n", "strict")).toEqual([]);
  });

  it("keeps __proto__ a plain key", () => {
    expect(checkServiceYaml("__proto__: {polluted: true}\nservices: [{name: a}]\n", "strict")).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("checkServiceYaml in syntax mode", () => {
  it("accepts a well-formed mapping whatever its shape", () => {
    expect(checkServiceYaml("services: {name: a}\nports: [70000]\n", "syntax")).toEqual([]);
  });

  it("still rejects syntax errors, anchors, oversize and a non-mapping top level", () => {
    expect(checkServiceYaml(documentYamlVerbatim, "syntax")[0]).toMatch(/^param\.yaml: line 4, column 2: /);
    expect(checkServiceYaml("a: &x 1\n", "syntax")).toHaveLength(1);
    expect(checkServiceYaml("#".repeat(maxServiceYamlBytes + 1), "syntax")).toHaveLength(1);
    expect(checkServiceYaml("- a\n", "syntax")).toHaveLength(1);
  });
});

describe("checkServiceYaml in off mode", () => {
  it.each([documentYamlVerbatim, "a: &x 1\nb: *x", "- a", "", "#".repeat(maxServiceYamlBytes + 1)])(
    "accepts anything, as ZStack does (%#)",
    (text) => {
      expect(checkServiceYaml(text, "off")).toEqual([]);
    },
  );
});
