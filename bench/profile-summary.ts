// Summarises a V8 .cpuprofile (from `--server-node-args "--cpu-prof --cpu-prof-dir=DIR"`): self time by
// package or file, self time by function, and inclusive time by function (each function counted once per
// sample, so recursion does not inflate it).
// Usage: tsx bench/profile-summary.ts FILE.cpuprofile [top] [--from S] [--to S]
// `--from S` leaves out the first S seconds of the profile (the server's start-up and the bench's warm-up), so that
// only the load is summarised; `--to S` what follows second S (e.g. start-up alone).
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const fromAt = args.indexOf("--from");
const fromSeconds = fromAt >= 0 ? Number(args.splice(fromAt, 2)[1]) : 0;
const toAt = args.indexOf("--to");
const toSeconds = toAt >= 0 ? Number(args.splice(toAt, 2)[1]) : Number.POSITIVE_INFINITY;
const [file, topText] = args;
if (!file || !Number.isFinite(fromSeconds) || Number.isNaN(toSeconds)) {
  console.error("usage: tsx bench/profile-summary.ts FILE.cpuprofile [top] [--from S] [--to S]");
  process.exit(2);
}
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

/** node_modules/<package>, our own file, or a V8/Node category. */
function area(url: string, name: string): string {
  if (!url) return `(${name || "native"})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules && !url.includes("zms-bench-build")) return modules[1]!;
  if (url.startsWith("node:")) return url;
  const own = /(?:zms-bench-build|\/work\/main)\/(.+)$/.exec(url);
  return own ? own[1]! : url;
}
function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${area(url, functionName)}:${lineNumber + 1}`;
}

const selfByArea = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let elapsed = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsed += delta;
  if (elapsed < fromSeconds * 1e6 || elapsed > toSeconds * 1e6) return;
  total += delta;
  const node = byId.get(id)!;
  const { url, functionName } = node.callFrame;
  selfByArea.set(area(url, functionName), (selfByArea.get(area(url, functionName)) ?? 0) + delta);
  selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
  }
});

function print(title: string, map: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(6)}%  ${name}`);
  }
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
const idle = selfByArea.get("((idle))") ?? 0;
console.log(`busy ${((100 * (total - idle)) / total).toFixed(1)}% of the time`);
print("self time by area", selfByArea);
print("self time by function", selfByFunction);
print("inclusive time by function", inclusive);
