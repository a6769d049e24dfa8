// How the `serve` command keeps its memory close to what it uses. A server here holds little live heap, but
// V8's default lets the old generation grow to several times the live size between full collections, so under
// load the process held far more than it used. Growing by 100% instead holds peak RSS lower at the same
// throughput (figures: bench/README.md; bench: `add`, `get`). V8 reads this flag at each collection, so
// setting it once at start takes effect. Only the CLI does this: an embedding application owns its own heap.
import { setFlagsFromString } from "node:v8";

export const heapGrowingPercent = 100;

/** Applies the heap growth limit unless the process was started with its own (`node --heap-growing-percent=N`). */
export function tuneHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  return true;
}
