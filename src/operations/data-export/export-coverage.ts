import { EXPORT_LEFT_OUT, LeftOutColumn } from './export-left-out';
import { EXPORT_SECTIONS, ExportSection } from './store/export-sections';

/** What the database says: its user foreign keys and every column it has, as `table.column`. */
export interface SchemaFacts {
  userForeignKeys: readonly string[];
  columns: ReadonlySet<string>;
}

/**
 * Why the export would not account for the schema, one sentence per problem
 * (empty when complete): a user foreign key neither exported nor left out,
 * a declared column the schema lacks, a column both exported and left out,
 * or a section whose SQL never mentions a column it claims to cover.
 */
export function exportCoverageProblems(
  schema: SchemaFacts,
  sections: readonly ExportSection[] = EXPORT_SECTIONS,
  leftOut: readonly LeftOutColumn[] = EXPORT_LEFT_OUT,
): string[] {
  const covered = new Map(sections.flatMap((section) => section.covers.map((column) => [column, section] as const)));
  const omitted = new Set(leftOut.map((entry) => entry.column));
  const problems: string[] = [];
  for (const column of [...schema.userForeignKeys].sort()) {
    if (!covered.has(column) && !omitted.has(column)) {
      problems.push(`${column} references users but is neither exported (export-sections.ts) nor left out with a reason (export-left-out.ts)`);
    }
  }
  for (const column of [...covered.keys(), ...omitted]) {
    if (!schema.columns.has(column)) problems.push(`${column} is declared in the export but the schema has no such column`);
  }
  for (const column of omitted) {
    if (covered.has(column)) problems.push(`${column} is both exported and left out`);
  }
  for (const [column, section] of covered) {
    const [table, name] = column.split('.');
    if (!mentions(section.sql, table) || !mentions(section.sql, name))
      problems.push(`section ${section.name} claims ${column} but its SQL never reads it`);
  }
  return problems;
}

function mentions(sql: string, identifier: string): boolean {
  return new RegExp(`\\b${identifier}\\b`).test(sql);
}
