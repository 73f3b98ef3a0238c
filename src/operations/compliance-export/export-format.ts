import type { ExportFormat } from './store/entities/compliance-export.entity';

/**
 * One row as a line of the export's format. JSON Lines: the row as one JSON object. CSV (RFC 4180):
 * the section's columns in order, CRLF-terminated; a field holding a comma, a double quote, CR or LF
 * (or leading/trailing spaces) is quoted with its quotes doubled; NULL is an empty field; JSON
 * values (meta) are their JSON text; times are ISO-8601. Values are never altered otherwise (no
 * spreadsheet-formula escaping: the export is evidence, byte for byte what Parley holds).
 */
export function formatRow(format: ExportFormat, columns: readonly string[], row: Record<string, unknown>): string {
  if (format === 'jsonl') return `${JSON.stringify(row)}\n`;
  return csvLine(columns.map((column) => csvValue(row[column])));
}

/** The CSV header, or nothing for JSON Lines. */
export function formatHeader(format: ExportFormat, columns: readonly string[]): string {
  return format === 'csv' ? csvLine([...columns]) : '';
}

export const extensionOf = (format: ExportFormat): string => (format === 'csv' ? 'csv' : 'jsonl');

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
