// The caches' one eviction rule (server/performance/bounded-map.ts): least recently used first, by count and weight.
import { expect, it } from "vitest";
import { BoundedMap } from "../../server/performance/bounded-map.js";

it("drops the least recently used entry once over its count, a read counting as a use", () => {
  const map = new BoundedMap<string, number>({ maxEntries: 2 });
  map.set("a", 1);
  map.set("b", 2);
  expect(map.get("a")).toBe(1);
  map.set("c", 3);
  expect([map.get("a"), map.get("b"), map.get("c"), map.size]).toEqual([1, undefined, 3, 2]);
});

it("drops least recently used entries until the total weight fits, and never keeps one too heavy alone", () => {
  const map = new BoundedMap<string, string>({ maxEntries: 10, maxWeight: 10, weigh: (value) => value.length });
  map.set("a", "1234");
  map.set("b", "1234");
  map.get("a");
  map.set("c", "12345");
  expect([map.get("a"), map.get("b"), map.get("c"), map.weight]).toEqual(["1234", undefined, "12345", 9]);
  expect(map.set("d", "12345678901")).toBe(false);
  expect([map.get("d"), map.size, map.weight]).toEqual([undefined, 2, 9]);
});

it("replaces an entry in place of adding a second, and keeps nothing with no room at all", () => {
  const map = new BoundedMap<string, string>({ maxEntries: 2, maxWeight: 10, weigh: (value) => value.length });
  map.set("a", "12");
  map.set("a", "123");
  expect([map.size, map.weight]).toEqual([1, 3]);
  map.delete("a");
  map.delete("missing");
  expect([map.size, map.weight]).toEqual([0, 0]);
  map.set("b", "1");
  map.clear();
  expect([map.size, map.weight, map.get("b")]).toEqual([0, 0, undefined]);
  expect(new BoundedMap<string, number>({ maxEntries: 0 }).set("a", 1)).toBe(false);
});

it("keeps the order of use when the most recent entry is read again and again, or deleted and set anew", () => {
  const map = new BoundedMap<string, number>({ maxEntries: 2 });
  map.set("a", 1);
  map.set("b", 2);
  map.get("b");
  map.get("b");
  map.get("a");
  map.set("c", 3); // b is the least recently used now
  expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([1, undefined, 3]);
  map.delete("c");
  map.set("c", 4);
  map.get("a");
  map.set("d", 5); // c was set before a was read
  expect([map.get("a"), map.get("c"), map.get("d")]).toEqual([1, undefined, 5]);
});

it("counts a read of an older entry as its use, so the entry set last is no longer the most recent", () => {
  const map = new BoundedMap<string, number>({ maxEntries: 2 });
  map.set("a", 1);
  map.set("b", 2);
  map.get("a");
  map.get("b"); // b is the most recent again, though it was set last before a was read
  map.set("c", 3);
  expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([undefined, 2, 3]);
});
