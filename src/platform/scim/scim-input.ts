import SCIMMY from 'scimmy';
import { ScimError } from './scim-error';
import type { FilterGroups } from './store/scim-filter-sql';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The most resources one page holds (ServiceProviderConfig's filter.maxResults). */
export const MAX_RESULTS = 200;

type Json = Record<string, unknown>;

/**
 * Microsoft Entra ID sends booleans as the strings "True" and "False" (in bodies and in PATCH
 * values): `active` and `primary` become booleans before scimmy checks their types.
 */
export function entraBooleans<T>(value: T): T {
  if (Array.isArray(value)) return value.map(entraBooleans) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value as Json)) {
    const flag = /^(active|primary)$/i.test(key.split('.').pop() ?? '') && typeof v === 'string' ? v.toLowerCase() : undefined;
    out[key] = flag === 'true' ? true : flag === 'false' ? false : entraBooleans(v);
  }
  return out as T;
}

/** Entra's string booleans in a PatchOp: in value objects, and as the value of a path ending in `active` or `primary`. */
function entraPatch(body: unknown): unknown {
  const message = entraBooleans(body) as Json;
  if (!message || !Array.isArray(message.Operations)) return message;
  const operations = (message.Operations as Json[]).map((op) => {
    const flag =
      typeof op?.path === 'string' && /(^|\.)(active|primary)$/i.test(op.path) && typeof op.value === 'string' ? op.value.toLowerCase() : undefined;
    return flag === 'true' || flag === 'false' ? { ...op, value: flag === 'true' } : op;
  });
  return { ...message, Operations: operations };
}

/** Anything scimmy refuses (its SCIMError, or a TypeError about a value's type) as a SCIM 400. */
export function scimmy<T>(work: () => T, scimType: 'invalidValue' | 'invalidFilter' | 'invalidSyntax' = 'invalidValue'): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ScimError) throw error;
    const e = error as { status?: number; scimType?: string; message?: string };
    const type = (e.scimType as typeof scimType | undefined) ?? scimType;
    throw new ScimError(e.status === 404 ? 'not_found' : 'invalid', e.message ?? 'Invalid request.', type);
  }
}

/** `?filter=` parsed by scimmy (RFC 7644 section 3.4.2.2), or none. */
export function parseFilter(filter: string | undefined): FilterGroups {
  if (filter === undefined || filter.trim() === '') return [];
  const parsed = scimmy(() => new SCIMMY.Types.Filter(filter), 'invalidFilter') as unknown as FilterGroups;
  if (parsed.length === 0) throw ScimError.invalidFilter('The filter is empty.');
  return parsed;
}

/** `startIndex` (1-based) and `count` (at most MAX_RESULTS) as offset and limit; out-of-range values are clamped (RFC 7644 section 3.4.2.4). */
export function paging(startIndex: string | undefined, count: string | undefined): { offset: number; limit: number; startIndex: number } {
  const start = Math.max(1, Number.parseInt(startIndex ?? '1', 10) || 1);
  const parsedCount = Number.parseInt(count ?? `${MAX_RESULTS}`, 10);
  const limit = Math.min(MAX_RESULTS, Math.max(0, Number.isNaN(parsedCount) ? MAX_RESULTS : parsedCount));
  return { offset: start - 1, limit, startIndex: start };
}

/** A PATCH body applied by scimmy to the resource as it is now (RFC 7644 section 3.5.2); answers the resource as it would be. */
export async function applyPatch(kind: 'User' | 'Group', current: Json, body: unknown): Promise<Json> {
  const message = scimmy(() => new SCIMMY.Messages.PatchOp(entraPatch(body) as never), 'invalidSyntax');
  const seeded = seedTypedElements(current, body);
  const resource = kind === 'User' ? new SCIMMY.Schemas.User(seeded, 'out') : new SCIMMY.Schemas.Group(seeded, 'out');
  try {
    const patched = await message.apply(resource);
    // scimmy answers nothing when the operations change nothing: the resource stays as it is.
    return patched === undefined ? seeded : (JSON.parse(JSON.stringify(patched)) as Json);
  } catch (error) {
    return scimmy(() => {
      throw error;
    });
  }
}

const TYPED_PATH = /^(\w+)\[type eq "([^"]*)"\]\.\w+$/i;

/**
 * Entra ID adds `emails[type eq "work"].value` to a user that has no work email yet, where RFC 7644
 * would answer `noTarget`: the element of that type is made first (empty), so the operation fills it.
 */
function seedTypedElements(current: Json, body: unknown): Json {
  const operations = (body as Json | null)?.Operations;
  if (!Array.isArray(operations)) return current;
  const paths = (operations as Json[]).flatMap((op) => {
    if (!op || !/^(add|replace)$/i.test(String(op.op))) return [];
    if (typeof op.path === 'string') return [op.path];
    return op.value && typeof op.value === 'object' && !Array.isArray(op.value) ? Object.keys(op.value) : [];
  });
  const seeded: Json = { ...current };
  for (const [, attribute, type] of paths.map((path) => TYPED_PATH.exec(path)).filter((m) => m !== null)) {
    const list = Array.isArray(seeded[attribute]) ? (seeded[attribute] as Json[]) : [];
    if (!list.some((element) => String(element.type).toLowerCase() === type.toLowerCase())) seeded[attribute] = [...list, { type }];
  }
  return seeded;
}

/** A User body (POST, PUT, or a patched resource) checked against RFC 7643's User schema. */
export function readUser(body: unknown): Json & { password?: string } {
  const clean = entraBooleans(withSchemas(body, USER_SCHEMA));
  const checked = scimmy(() => new SCIMMY.Schemas.User(clean, 'in')) as unknown as Json;
  const password = (clean as Json).password;
  return { ...(JSON.parse(JSON.stringify(checked)) as Json), ...(typeof password === 'string' ? { password } : {}) };
}

export function readGroup(body: unknown): Json {
  const checked = scimmy(() => new SCIMMY.Schemas.Group(withSchemas(body, GROUP_SCHEMA), 'in')) as unknown as Json;
  return JSON.parse(JSON.stringify(checked)) as Json;
}

/** Clients that leave out `schemas` (or send only extensions) are read as the core schema. */
function withSchemas(body: unknown, core: string): Json {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ScimError('invalid', 'The body must be a JSON object.', 'invalidSyntax');
  const json = body as Json;
  const schemas = Array.isArray(json.schemas) ? (json.schemas as unknown[]).filter((s) => typeof s === 'string') : [];
  const known = schemas.filter((s) => s === core || s === ENTERPRISE_USER_SCHEMA);
  const rest = Object.fromEntries(Object.entries(json).filter(([key]) => !key.startsWith('urn:') || key === ENTERPRISE_USER_SCHEMA));
  return { ...rest, schemas: known.includes(core) ? known : [core, ...known] };
}
