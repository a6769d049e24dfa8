// The order in which the spec's examples can be sent to a server that checks references: the examples that add
// a resource give it a `resourceUuid`, and the others name those uuids (the pinned choice of issue 19). Shared by
// the published fixtures (scripts/api-examples.mjs numbers each example's step) and the contract tests that send
// them (test/contract/examples.test.ts), so that both follow one order. An example is ordered by the ZStack action
// it calls, which its operation's `x-zstack-actions` (carried as `actions`) names, as the server chooses it.

const hex32 = /^[0-9a-f]{32}$/;
/** Fields that name something no example makes: the admin account, images (not resources here), sessions. */
const notNaming = new Set(["resourceUuid", "accountUuid", "userUuid", "vmImageUuid", "sessionUuid"]);

/** The job an asynchronous example's 202 names, if it is one. */
export function jobOf(example) {
  return /\/api-jobs\/([0-9a-f]{32})$/.exec(example.response?.location ?? "")?.[1];
}

/** The uuids an example's request asks the server to create (`resourceUuid`, at any depth). */
export function createdUuids(example) {
  const found = [];
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) k === "resourceUuid" ? found.push(v) : walk(v);
  };
  walk(example.body);
  return found;
}

/** The uuids of other resources (or, for GetApiJob, of the job) that an example's request names. */
export function namedUuids(example) {
  const found = [];
  const visit = (key, value) => {
    if (Array.isArray(value)) for (const v of value) visit(key, v);
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(k, v);
    else if (typeof value === "string" && hex32.test(value) && /uuids?$/i.test(key) && !notNaming.has(key))
      found.push(value);
  };
  for (const p of example.parameters) if (p.in !== "header") visit(p.name, p.value);
  visit("body", example.body);
  return found;
}

/**
 * The ZStack action an example calls: its operationId, or where the operation lists the APIs it serves in
 * `x-zstack-actions` (the shared PUT), the one whose envelope key the example's body carries.
 */
export function actionOf(example) {
  const body = example.body;
  if (!Array.isArray(example.actions) || body === null || typeof body !== "object") return example.operationId;
  return example.actions.find((action) => Object.hasOwn(body, action.envelopeKey))?.action ?? example.operationId;
}

/** Adds first, then reads, updates, binds, unbinds and deletes; a job's poll goes with the call that made the job. */
const kinds = [
  [/^(Add|Create|LogIn|Deploy|Clone)/, 0],
  [/^(Get|Query|Validate|Livez|Readyz)/, 1],
  [/^(Update|Change|Renew)/, 2],
  [/^Bind/, 3],
  [/^Unbind/, 4],
  [/^(Delete|LogOut)/, 5],
];
const deleting = 5;

/**
 * The examples in an order where each one's named uuids were made by earlier ones: by kind, and within a kind
 * topologically (a make after the makes it names; a delete of a resource after the deletes of those naming it).
 */
export function inSendingOrder(examples) {
  const maker = new Map();
  for (const e of examples) {
    for (const uuid of createdUuids(e)) maker.set(uuid, e);
    const job = jobOf(e);
    if (job) maker.set(job, e);
  }
  const kindOf = (e) => {
    if (e.operationId === "GetApiJob") {
      const source = maker.get(namedUuids(e)[0] ?? "");
      return source ? kindOf(source) : 1;
    }
    return kinds.find(([pattern]) => pattern.test(actionOf(e)))?.[1] ?? 1;
  };
  const dependsOn = (a, b) => {
    const bMakes = [...createdUuids(b), jobOf(b)];
    if (namedUuids(a).some((u) => bMakes.includes(u))) return true;
    // Deletes: b deletes what names a's resource (a model, whose make named the center a deletes).
    if (kindOf(a) !== deleting || kindOf(b) !== deleting) return false;
    const namesOfMaker = (u) => (maker.has(u) ? namedUuids(maker.get(u)) : []);
    return namedUuids(b).some((u) => namedUuids(a).some((v) => namesOfMaker(u).includes(v)));
  };
  const ordered = [];
  const rest = [...examples].sort((a, b) => kindOf(a) - kindOf(b));
  while (rest.length) {
    const index = rest.findIndex((a) => !rest.some((b) => b !== a && kindOf(b) <= kindOf(a) && dependsOn(a, b)));
    ordered.push(...rest.splice(index === -1 ? 0 : index, 1));
  }
  return ordered;
}
