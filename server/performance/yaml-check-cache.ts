// Remembers the verdicts of recent service-YAML checks. Automation often adds many services from one
// template, and the check (a full YAML parse plus schema validation) is a pure function of the text and
// the mode; remembering small texts only keeps the memory bounded (at most `maxEntries` × `maxTextLength`).
import { checkServiceYaml, type ServiceYamlCheck } from "../zstack/service-yaml.js";
import { BoundedMap } from "./bounded-map.js";

const maxEntries = 256;
const maxTextLength = 4096;

export function cachedYamlChecker(mode: ServiceYamlCheck): (text: string, field: string) => string[] {
  // Problems start with the field's name, so verdicts are kept field-neutral and named on the way out.
  const verdicts = new BoundedMap<string, string[]>({ maxEntries });
  const placeholder = "\u0000field";
  return (text, field) => {
    if (mode === "off") return [];
    if (text.length > maxTextLength) return checkServiceYaml(text, mode, field);
    let problems = verdicts.get(text);
    if (!problems) {
      problems = checkServiceYaml(text, mode, placeholder);
      verdicts.set(text, problems);
    }
    return problems.map((problem) =>
      problem.startsWith(placeholder) ? field + problem.slice(placeholder.length) : problem,
    );
  };
}
