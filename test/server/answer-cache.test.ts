// The answer cache's bounds and its one rule: what is kept belongs to one data version.
import { describe, expect, it } from "vitest";
import { AnswerCache } from "../../server/performance/answer-cache.js";

const text = (n: number) => "x".repeat(n);

describe("AnswerCache", () => {
  it("gives back what was kept at the same data version, and nothing once the version changes", () => {
    const cache = new AnswerCache({ maxEntries: 10, maxBytes: 1000 });
    expect(cache.get("v1", "/a")).toBeUndefined();
    cache.set("v1", "/a", '{"a":1}');
    expect(cache.get("v1", "/a")?.toString()).toBe('{"a":1}');
    expect(cache.get("v2", "/a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not keep an answer built before the data moved on", () => {
    const cache = new AnswerCache({ maxEntries: 10, maxBytes: 1000 });
    cache.get("v1", "/a");
    cache.get("v2", "/b");
    cache.set("v1", "/a", "stale");
    expect(cache.get("v2", "/a")).toBeUndefined();
  });

  it("keeps nothing when the store cannot give a version", () => {
    const cache = new AnswerCache({ maxEntries: 10, maxBytes: 1000 });
    cache.get(undefined, "/a");
    cache.set(undefined, "/a", "{}");
    expect(cache.get(undefined, "/a")).toBeUndefined();
  });

  it("is off with no room", () => {
    expect(new AnswerCache({ maxEntries: 10, maxBytes: 0 }).enabled).toBe(false);
    expect(new AnswerCache({ maxEntries: 10, maxBytes: 1 }).enabled).toBe(true);
  });

  it("drops the least recently used answer beyond its entry and byte limits, and never keeps one too large", () => {
    const cache = new AnswerCache({ maxEntries: 2, maxBytes: 100 });
    cache.get("v", "/a");
    cache.set("v", "/a", text(10));
    cache.set("v", "/b", text(10));
    cache.get("v", "/a");
    cache.set("v", "/c", text(10));
    expect([cache.get("v", "/a"), cache.get("v", "/b"), cache.get("v", "/c")].map(Boolean)).toEqual([
      true,
      false,
      true,
    ]);

    cache.set("v", "/d", text(95));
    expect(cache.size).toBe(1);
    cache.set("v", "/e", text(101));
    expect(cache.get("v", "/e")).toBeUndefined();
    expect(cache.get("v", "/d")?.length).toBe(95);
  });
});
