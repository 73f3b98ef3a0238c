import { DomainError } from '../../../core/errors/domain-error';

/** A filter naming what cannot be searched in SQL: SCIM's 400 `invalidFilter`. */
export class InvalidFilter extends DomainError {
  readonly scimType = 'invalidFilter';

  constructor(detail: string) {
    super('invalid', detail);
  }
}

/** How a SCIM attribute is found in SQL: its expression, and how its values compare. */
export interface FilterColumn {
  sql: string;
  /** `string`: case-insensitive (RFC 7643 caseExact false); `exact`: case-sensitive; `uuid`: eq/ne only. */
  type: 'string' | 'exact' | 'boolean' | 'dateTime' | 'uuid';
  /** A multi-valued attribute: the condition holds for some row of `FROM ... WHERE ...` (joined by `AND`). */
  some?: string;
}

/** A parsed filter (scimmy's `Filter`): OR of AND-groups, each `{attr: [op, value]}` or `{attr: {sub: [op, value]}}`. */
export type FilterGroups = readonly Record<string, unknown>[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The SQL condition of a parsed SCIM filter over `columns` (keys lower-cased, `name.givenName` ->
 * `name.givenname`), its values appended to `params` as numbered parameters. An attribute or
 * operator it does not support is a 400 `invalidFilter`, never a full scan in memory.
 */
export function filterSql(groups: FilterGroups, columns: Record<string, FilterColumn>, params: unknown[]): string {
  const ors = groups.map((group) => {
    const ands: string[] = [];
    for (const [path, expression] of leaves(group, '')) ands.push(condition(path, expression, columns, params));
    return ands.length ? `(${ands.join(' AND ')})` : 'TRUE';
  });
  return ors.length ? `(${ors.join(' OR ')})` : 'TRUE';
}

function* leaves(node: Record<string, unknown>, prefix: string): Generator<[string, unknown[]]> {
  for (const [key, value] of Object.entries(node)) {
    const path = `${prefix}${key.toLowerCase()}`;
    if (Array.isArray(value)) yield [path, value as unknown[]];
    else if (value && typeof value === 'object') yield* leaves(value as Record<string, unknown>, `${path}.`);
  }
}

function condition(path: string, expression: unknown[], columns: Record<string, FilterColumn>, params: unknown[]): string {
  const column = columns[path] ?? columns[`${path}.value`];
  if (!column) throw new InvalidFilter(`Filtering by "${path}" is not supported.`);
  const negated = expression[0] === 'not';
  const [op, value] = (negated ? expression.slice(1) : expression) as [string, unknown];
  const test = compare(column, String(op).toLowerCase(), value, params);
  const positive = column.some ? `EXISTS (SELECT 1 ${column.some} AND ${test})` : test;
  return negated ? `NOT ${positive}` : positive;
}

function compare(column: FilterColumn, op: string, value: unknown, params: unknown[]): string {
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (op === 'pr') return column.type === 'string' || column.type === 'exact' ? `coalesce(${column.sql}, '') <> ''` : `${column.sql} IS NOT NULL`;
  switch (column.type) {
    case 'boolean': {
      const flag = typeof value === 'string' ? value.toLowerCase() : value;
      if ((op !== 'eq' && op !== 'ne') || (flag !== true && flag !== false && flag !== 'true' && flag !== 'false')) {
        throw new InvalidFilter('A boolean attribute compares with eq or ne to true or false.');
      }
      return `${column.sql} ${COMPARISONS[op]} ${param(flag === true || flag === 'true')}`;
    }
    case 'uuid':
      if (op !== 'eq' && op !== 'ne') throw new InvalidFilter('An id compares with eq or ne.');
      if (typeof value !== 'string' || !UUID.test(value)) return op === 'eq' ? 'FALSE' : 'TRUE';
      return `${column.sql} ${COMPARISONS[op]} ${param(value.toLowerCase())}::uuid`;
    case 'dateTime': {
      const at = typeof value === 'string' ? new Date(value) : null;
      if (!COMPARISONS[op] || !at || Number.isNaN(at.getTime()))
        throw new InvalidFilter('A dateTime compares with eq, ne, gt, ge, lt or le to a date.');
      return `${column.sql} ${COMPARISONS[op]} ${param(at.toISOString())}::timestamptz`;
    }
    default:
      return textCompare(column, op, value, param);
  }
}

function textCompare(column: FilterColumn, op: string, value: unknown, param: (v: unknown) => string): string {
  if (typeof value !== 'string') throw new InvalidFilter(`Operator "${op}" needs a string value here.`);
  const ci = column.type === 'string';
  const left = ci ? `lower(${column.sql})` : column.sql;
  const right = (v: string) => param(ci ? v.toLowerCase() : v);
  if (COMPARISONS[op]) return `${left} ${COMPARISONS[op]} ${right(value)}`;
  const like = { co: (v: string) => `%${v}%`, sw: (v: string) => `${v}%`, ew: (v: string) => `%${v}` }[op as 'co' | 'sw' | 'ew'];
  if (!like) throw new InvalidFilter(`Operator "${op}" is not supported.`);
  return `${left} LIKE ${right(like(escapeLike(value)))}`;
}
