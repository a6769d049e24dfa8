// Names for the PostgreSQL store's repeating statement texts (server/store/postgres/prepared-texts.ts): prepared
// statements outlive the request on every connection, so which texts get a name, and how many, is what matters.
import { expect, it } from "vitest";
import { PreparedTexts } from "../../server/store/postgres/prepared-texts.js";

const statement = (text: string) => ({ text, values: [1] });

it("names a text the second time it comes, and the same text by the same name after that", () => {
  const texts = new PreparedTexts();
  expect(texts.name(statement("SELECT $1"))).toEqual(statement("SELECT $1"));
  const second = texts.name(statement("SELECT $1"));
  expect(second.name).toMatch(/^zms_w_[0-9a-f]{24}$/);
  expect(texts.name(statement("SELECT $1")).name).toBe(second.name);
  texts.name(statement("SELECT $1 + 1"));
  expect(texts.name(statement("SELECT $1 + 1")).name).not.toBe(second.name);
  expect(texts.size).toBe(2);
});

it("names no more than its limit of texts, and sends the others unnamed however often they come", () => {
  const texts = new PreparedTexts(2);
  for (const text of ["a", "b", "c"]) for (let i = 0; i < 3; i++) texts.name(statement(text));
  expect(texts.size).toBe(2);
  expect(texts.name(statement("c")).name).toBeUndefined();
  expect(texts.name(statement("a")).name).toBeDefined();
});

it("gives a text seen only once no name and no slot", () => {
  const texts = new PreparedTexts(1);
  for (let i = 0; i < 100; i++) texts.name(statement(`one-off ${i}`));
  expect(texts.size).toBe(0);
  texts.name(statement("again"));
  expect(texts.name(statement("again")).name).toBeDefined();
});
