// Written by the Pact harness. It calls one contract function with no test
// framework loaded and records what came of it as JSON. It never sees the
// expected result: the harness compares outside this process, so nothing the
// implementation patches here can make a wrong result pass.
import * as subject from "__PACT_SUBJECT__";
import { readFileSync, writeFileSync } from "node:fs";

const MAX_DEPTH = 100;
const [callPath, resultPath] = process.argv.slice(2);

class Unrenderable extends Error {}

function render(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Unrenderable(`the result nests deeper than ${MAX_DEPTH} levels`);
  const deeper = depth + 1;
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new Unrenderable(`the result holds ${value}, which JSON cannot carry`);
      return value;
    case "bigint":
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new Unrenderable("the result holds a bigint beyond 2^53");
      }
      return Number(value);
    case "function":
    case "symbol":
      throw new Unrenderable(`the result is a ${typeof value}, which has no JSON rendering`);
  }
  if (Array.isArray(value)) return value.map((item) => render(item, deeper));
  if (value instanceof Set) {
    const items = [...value].map((item) => render(item, deeper));
    return items.sort((a, b) => (canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0));
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      if (typeof key !== "string") throw new Unrenderable(`the result has a ${typeof key} key, which JSON cannot carry`);
      out[key] = render(item, deeper);
    }
    return out;
  }
  if (value instanceof Date) throw new Unrenderable("the result is a Date, which has no JSON rendering");
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as object)) {
    // vitest's toEqual ignores properties that are undefined; so does this.
    if (item === undefined || typeof item === "function") continue;
    out[key] = render(item, deeper);
  }
  return out;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

function errorNames(error: unknown): string[] {
  const names: string[] = [];
  if (error !== null && typeof error === "object") {
    const own = (error as { name?: unknown }).name;
    if (typeof own === "string") names.push(own);
    for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
      const name = proto.constructor?.name;
      if (typeof name === "string" && name) names.push(name);
    }
  } else {
    names.push(typeof error);
  }
  return names;
}

function write(document: unknown): void {
  writeFileSync(resultPath, JSON.stringify(document));
}

async function main(): Promise<void> {
  const call = JSON.parse(readFileSync(callPath, "utf8"));
  const exports = subject as Record<string, unknown>;
  const fallback = exports.default as Record<string, unknown> | undefined;
  const fn = exports[call.function] ?? fallback?.[call.function];
  if (typeof fn !== "function") {
    write({ outcome: "unavailable", detail: `the module exports no function \`${call.function}\`` });
    return;
  }
  const args = call.args.map((slot: { value: unknown } | null) => (slot === null ? undefined : slot.value));
  let result: unknown;
  try {
    result = fn(...args);
    if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
      result = await result;
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    write({ outcome: "raised", types: errorNames(error), detail: detail.slice(0, 500) });
    return;
  }
  try {
    write({ outcome: "returned", value: render(result, 0) });
  } catch (error) {
    write({ outcome: "unrenderable", detail: error instanceof Error ? error.message : String(error) });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  },
);
