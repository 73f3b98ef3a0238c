/**
 * Generators for the fuzz suite (test/fuzz.e2e-spec.ts): a seeded PRNG, junk values,
 * schema-shaped payloads with one part broken, and the contract's error shapes.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

export interface Random {
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

const nest = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Strings no field should choke on. */
export const JUNK_STRINGS: readonly string[] = [
  'a\u0000b',
  '\u0000',
  'x\ud800y',
  '\udfff',
  '',
  ' ',
  '\u200b\u200d\u2060',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  'a\ufe0f'.repeat(3000),
  `e${'\u0301'.repeat(5000)}`,
  '😀'.repeat(2100),
  'x'.repeat(70_000),
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\\',
  '__proto__',
  'constructor',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'true',
  'null',
  '0192d5a4-7c1e-7b3a-9f00-4a5b6c7d8e9f',
];

/** Any JSON value that is wrong somewhere. */
export function junkValue(rng: Random): unknown {
  switch (rng.int(12)) {
    case 0:
      return null;
    case 1:
      return rng.pick([-1, 0, 1.5, -0.0001, 2 ** 53 + 1, 1e308, -1e308]);
    case 2:
      return rng.chance(0.5);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return nest(33 + rng.int(40), 'deep');
    case 6:
      return [rng.pick(JUNK_STRINGS), 1, null];
    case 7:
      // Own `__proto__` and `constructor` keys, as JSON.parse makes them (an object literal would set the prototype).
      return JSON.parse('{"k\\u0000":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    default:
      return rng.pick(JUNK_STRINGS);
  }
}

/** Raw bodies that are not what any route takes. */
export const RAW_BODIES: readonly string[] = [
  `${'['.repeat(1300)}${']'.repeat(1300)}`,
  `${'{"a":'.repeat(2400)}1${'}'.repeat(2400)}`,
  '{"a":',
  '{"a":1e999}',
  '{"content":"\\ud800"}',
  '"\\u0000"',
  '{"__proto__":{"admin":true}}',
  'null',
  '"a string"',
  '12345',
  '[]',
  '[{}]',
  '{}',
  '\u0000',
  '\ufeff{}',
];

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  format?: string;
  allOf?: Schema[];
};

/** A value shaped like `schema` (refs resolved in `components`), with real ids from `ids` for uuids. */
export function sample(schema: Schema | undefined, components: Record<string, Schema>, rng: Random, ids: string[], depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.$ref) return sample(components[schema.$ref.split('/').pop()!], components, rng, ids, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sample(part, components, rng, ids, depth + 1)));
  if (schema.enum) return rng.pick(schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    const value: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) value[key] = sample(property, components, rng, ids, depth + 1);
    return value;
  }
  if (type === 'array') return [sample(schema.items, components, rng, ids, depth + 1)];
  if (type === 'integer' || type === 'number') return rng.int(5);
  if (type === 'boolean') return rng.chance(0.5);
  if (schema.format === 'uuid' || /_id$|^id$/.test(String(schema.title ?? ''))) return rng.pick(ids);
  return 'fuzz';
}

/** `value` with one field (or the whole of it) replaced by junk, or one unknown field added. */
export function breakOnePart(value: unknown, rng: Random): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || rng.chance(0.15)) return junkValue(rng);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rng.chance(0.1)) copy[rng.pick(['extra', 'role', 'is_admin', 'id', 'a\u0000'])] = junkValue(rng);
  else if (rng.chance(0.15)) delete copy[rng.pick(keys)];
  else copy[rng.pick(keys)] = junkValue(rng);
  return copy;
}

/** `{detail, code}` or DRF field errors `{field: [message, ...]}`. */
export function isErrorShape(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string' && typeof record.code === 'string') return true;
  const values = Object.values(record);
  return values.length > 0 && values.every((v) => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === 'string'));
}

/**
 * The error format of the route at `path`: SCIM's (RFC 7644 section 3.12: the Error schema URN and the
 * status as a string, docs/scim.md) under /scim/v2, where provisioning clients expect it; the contract's elsewhere.
 */
export function isErrorShapeAt(path: string, body: unknown, status: number): boolean {
  // 431 is the HTTP server's, before any route (or its format) is known (src/core/http/http-server-limits.ts).
  if (!path.startsWith('/scim/v2/') || status === 431) return isErrorShape(body);
  const record = body as { schemas?: unknown; status?: unknown } | null;
  return (
    Array.isArray(record?.schemas) && record.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error') && typeof record.status === 'string'
  );
}

/** A socket error ack: `{ok: false, error: {code, detail, fields?}}`, never server_error. */
export function isErrorAck(reply: unknown): boolean {
  const error = (reply as { ok?: unknown; error?: { code?: unknown; detail?: unknown } } | null)?.error;
  return (
    (reply as { ok?: unknown })?.ok === false && typeof error?.code === 'string' && typeof error.detail === 'string' && error.code !== 'server_error'
  );
}

export { nest };
