import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** A row's values by column name; `null` leaves a nullable column (a foreign key too) empty. */
export type SeedRow = Record<string, unknown>;
/** A value, or one taken from the rows seeded so far (a reference without a foreign key). */
export type SeedValue = unknown | ((seeded: Map<string, SeedRow[]>) => unknown);

interface Column {
  table: string;
  column: string;
  type: string;
  dataType: string;
  maxLength: number | null;
  required: boolean;
}

interface ForeignKey {
  table: string;
  column: string;
  parent: string;
  parentColumn: string;
}

/**
 * Puts rows in every table of the public schema but `skip`: the tables and columns come from the
 * catalog, so a table added by a later migration is seeded (or fails here, naming what it needs)
 * without anyone remembering it. Each table gets one row, or one per entry of `seeds[table]`, whose
 * values win over the filler's: required columns get a value of their type, foreign keys the value of
 * a row of the referenced table (seeded first), every other column its default. Returns the rows.
 */
export async function seedEveryTable(
  client: Client,
  seeds: Record<string, Record<string, SeedValue>[]>,
  skip: string[],
): Promise<Map<string, SeedRow[]>> {
  const columns = await columnsOf(client);
  const keys = await foreignKeysOf(client);
  const enums = await enumLabels(client);
  const tables = [...new Set(columns.map((c) => c.table))].filter((t) => !skip.includes(t));
  const seeded = new Map<string, SeedRow[]>();
  // Tables whose map takes values from other rows go last, when those rows exist.
  const referring = (t: string) => (seeds[t] ?? []).some((row) => Object.values(row).some((v) => typeof v === 'function'));
  const order = insertionOrder(tables, keys);
  for (const table of [...order.filter((t) => !referring(t)), ...order.filter(referring)]) {
    const rows: SeedRow[] = [];
    for (const [index, given] of (seeds[table] ?? [{}]).entries()) {
      const row: SeedRow = {};
      for (const column of columns.filter((c) => c.table === table)) {
        const key = keys.find((k) => k.table === table && k.column === column.column && k.parent !== table);
        const parents = key ? (seeded.get(key.parent) ?? []) : [];
        const value = given[column.column];
        if (column.column in given) row[column.column] = typeof value === 'function' ? (value as (s: typeof seeded) => unknown)(seeded) : value;
        else if (key && parents.length) row[column.column] = parents[index % parents.length][key.parentColumn];
        else if (column.required) row[column.column] = valueOf(column, index, enums);
      }
      rows.push(await insert(client, table, row, columns));
    }
    seeded.set(table, rows);
  }
  return seeded;
}

async function insert(client: Client, table: string, row: SeedRow, columns: Column[]): Promise<SeedRow> {
  const names = Object.keys(row);
  const cast = (name: string) => {
    const column = columns.find((c) => c.table === table && c.column === name);
    if (!column) throw new Error(`seeding ${table}: the seeding map names ${name}, which it does not have`);
    return column.type;
  };
  const values = names.map((name) => {
    const value = row[name];
    return value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) ? JSON.stringify(value) : value;
  });
  const sql = names.length
    ? `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n, i) => `$${i + 1}::${cast(n)}`).join(', ')}) RETURNING *`
    : `INSERT INTO "${table}" DEFAULT VALUES RETURNING *`;
  try {
    return (await client.query(sql, values)).rows[0] as SeedRow;
  } catch (error) {
    throw new Error(`seeding ${table} with ${JSON.stringify(row)}: ${String(error)} (give it values in the seeding map)`, { cause: error });
  }
}

/** Parents before children; a table whose parents cannot all come first (a cycle) goes once its required ones have. */
function insertionOrder(tables: string[], keys: ForeignKey[]): string[] {
  const order: string[] = [];
  const parentsOf = (table: string) => keys.filter((k) => k.table === table && k.parent !== table && tables.includes(k.parent)).map((k) => k.parent);
  for (let round = 0; round < tables.length && order.length < tables.length; round += 1) {
    for (const table of tables) {
      if (!order.includes(table) && parentsOf(table).every((p) => order.includes(p))) order.push(table);
    }
  }
  const left = tables.filter((t) => !order.includes(t));
  if (left.length) throw new Error(`seeding: foreign keys in a cycle among ${left.join(', ')}`);
  return order;
}

/** A value of the column's type; unique per row index where the type allows it. */
function valueOf(column: Column, index: number, enums: Map<string, string>): unknown {
  const base = column.type.replace(/\(.*\)$/, '');
  if (enums.has(base)) return enums.get(base);
  if (column.dataType === 'ARRAY') return '{}';
  switch (base) {
    case 'uuid':
      return randomUUID();
    case 'text':
    case 'character varying':
    case 'character':
    case 'citext':
      return `${column.column}-${index}`.slice(0, column.maxLength ?? undefined);
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'real':
    case 'double precision':
      return index + 1;
    case 'boolean':
      return false;
    case 'timestamp with time zone':
    case 'timestamp without time zone':
    case 'date':
      return new Date();
    case 'jsonb':
    case 'json':
      return '{}';
    case 'bytea':
      return Buffer.from([index]);
    case 'inet':
      return '127.0.0.1';
    case 'interval':
      return '1 minute';
    case 'tsvector':
      return '';
    default:
      throw new Error(`seeding ${column.table}.${column.column}: no value for type ${column.type} (give it one in the seeding map)`);
  }
}

async function columnsOf(client: Client): Promise<Column[]> {
  const { rows } = await client.query<Column>(
    `SELECT c.table_name AS table, c.column_name AS column, format_type(a.atttypid, a.atttypmod) AS type, c.data_type AS "dataType",
            c.character_maximum_length AS "maxLength",
            c.is_nullable = 'NO' AND c.column_default IS NULL AND c.is_generated = 'NEVER' AND c.is_identity = 'NO' AS required
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
      WHERE c.table_schema = 'public' AND c.is_generated = 'NEVER'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  return rows;
}

async function foreignKeysOf(client: Client): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey & { columns: number }>(
    `SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.confrelid::regclass::text AS parent, p.attname AS "parentColumn",
            cardinality(c.conkey) AS columns
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  );
  const composite = rows.filter((r) => r.columns > 1);
  if (composite.length)
    throw new Error(`seeding: composite foreign keys are not filled (${composite.map((r) => r.table).join(', ')}): seed them in the map`);
  return rows;
}

/** Each enum type's first label. */
async function enumLabels(client: Client): Promise<Map<string, string>> {
  const { rows } = await client.query<{ type: string; label: string }>(
    `SELECT DISTINCT ON (e.enumtypid) format_type(e.enumtypid, NULL) AS type, e.enumlabel AS label FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder`,
  );
  return new Map(rows.map((r) => [r.type, r.label]));
}
