// The embed's own check of a tool call's arguments against the tool's JSON Schema: a
// careful subset, small on purpose (a full validator would add ~6 KB gzip to every page).
// Covered: type (and type lists; "integer"), enum, const, required, properties,
// additionalProperties (false or a schema), minProperties/maxProperties, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, items,
// minItems, maxItems, uniqueItems, anyOf/oneOf/allOf. Other keywords are not checked here:
// the server checks every call against the full draft 2020-12 schema before it sends it.

export type Schema = Record<string, unknown>;

const MAX_ERRORS = 5;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function fits(v: unknown, type: string): boolean {
  const t = typeOf(v);
  return t === type || (type === "number" && t === "integer");
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** What is wrong with `value` for `schema` ("qty: must be at least 1"); empty: fine. */
export function schemaErrors(schema: unknown, value: unknown, at = ""): string[] {
  const out: string[] = [];
  check(schema, value, at, out);
  return out.slice(0, MAX_ERRORS);
}

function check(schema: unknown, v: unknown, at: string, out: string[]): void {
  if (out.length >= MAX_ERRORS) return;
  if (schema === false) {
    out.push(`${at || "value"}: is not allowed`);
    return;
  }
  if (!isObject(schema)) return;
  const say = (msg: string): void => {
    out.push(at ? `${at}: ${msg}` : msg);
  };
  const types = typeof schema.type === "string" ? [schema.type]
    : Array.isArray(schema.type) ? schema.type.map(String) : null;
  if (types && !types.some((t) => fits(v, t))) {
    say(`must be ${types.join(" or ")}, not ${typeOf(v)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => same(e, v))) {
    say(`must be one of ${schema.enum.map(show).join(", ")}`);
  }
  if ("const" in schema && !same(schema.const, v)) say(`must be ${show(schema.const)}`);
  if (typeof v === "number") checkNumber(schema, v, say);
  if (typeof v === "string") checkString(schema, v, say);
  if (Array.isArray(v)) checkArray(schema, v, at, out, say);
  if (isObject(v)) checkObject(schema, v, at, out, say);
  combinators(schema, v, at, out, say);
}

function checkNumber(s: Schema, v: number, say: (m: string) => void): void {
  const min = num(s.minimum), max = num(s.maximum);
  const xmin = num(s.exclusiveMinimum), xmax = num(s.exclusiveMaximum);
  const step = num(s.multipleOf);
  if (min !== undefined && v < min) say(`must be at least ${min}`);
  if (max !== undefined && v > max) say(`must be at most ${max}`);
  if (xmin !== undefined && v <= xmin) say(`must be more than ${xmin}`);
  if (xmax !== undefined && v >= xmax) say(`must be less than ${xmax}`);
  if (step && Math.abs(v / step - Math.round(v / step)) > 1e-9) say(`must be a multiple of ${step}`);
}

function checkString(s: Schema, v: string, say: (m: string) => void): void {
  const length = [...v].length; // code points, as JSON Schema counts them
  const min = num(s.minLength), max = num(s.maxLength);
  if (min !== undefined && length < min) say(`must be at least ${min} characters`);
  if (max !== undefined && length > max) say(`must be at most ${max} characters`);
  if (typeof s.pattern === "string") {
    let re: RegExp | null = null;
    try {
      re = new RegExp(s.pattern, "u");
    } catch {
      re = null; // a pattern this browser cannot read: the server checked it
    }
    if (re && !re.test(v)) say(`must match ${s.pattern}`);
  }
}

function checkArray(s: Schema, v: unknown[], at: string, out: string[],
  say: (m: string) => void): void {
  const min = num(s.minItems), max = num(s.maxItems);
  if (min !== undefined && v.length < min) say(`must have at least ${min} items`);
  if (max !== undefined && v.length > max) say(`must have at most ${max} items`);
  if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) {
    say("must not repeat items");
  }
  if (isObject(s.items) || typeof s.items === "boolean") {
    v.forEach((item, i) => check(s.items, item, `${at}[${i}]`, out));
  }
}

function checkObject(s: Schema, v: Record<string, unknown>, at: string, out: string[],
  say: (m: string) => void): void {
  const props = isObject(s.properties) ? s.properties : {};
  const keys = Object.keys(v);
  if (Array.isArray(s.required)) {
    for (const k of s.required) if (!(String(k) in v)) say(`${String(k)} is required`);
  }
  const min = num(s.minProperties), max = num(s.maxProperties);
  if (min !== undefined && keys.length < min) say(`must have at least ${min} properties`);
  if (max !== undefined && keys.length > max) say(`must have at most ${max} properties`);
  for (const k of keys) {
    const where = at ? `${at}.${k}` : k;
    if (k in props) check(props[k], v[k], where, out);
    else if (s.additionalProperties === false) out.push(`${where}: is not an expected argument`);
    else if (isObject(s.additionalProperties)) check(s.additionalProperties, v[k], where, out);
  }
}

function combinators(s: Schema, v: unknown, at: string, out: string[],
  say: (m: string) => void): void {
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) check(sub, v, at, out);
  const passing = (subs: unknown[]): number =>
    subs.filter((sub) => schemaErrors(sub, v, at).length === 0).length;
  if (Array.isArray(s.anyOf) && passing(s.anyOf) === 0) say("matches none of the allowed forms");
  if (Array.isArray(s.oneOf) && passing(s.oneOf) !== 1) say("must match exactly one allowed form");
}
