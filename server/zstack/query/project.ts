// `fields=` applied to an inventory: only the named fields, `uuid` always, in the inventory's own order.

export function projectFields<T extends { uuid: string }>(inventory: T, fields: readonly string[] | undefined): Partial<T> & { uuid: string } {
  if (!fields) return inventory;
  const wanted = new Set(fields);
  const projected: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inventory)) {
    if (key === "uuid" || wanted.has(key)) projected[key] = value;
  }
  return projected as Partial<T> & { uuid: string };
}
