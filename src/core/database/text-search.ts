/**
 * How message search reads a query (`q`): web-search syntax through
 * websearch_to_tsquery ("quoted phrase", -excluded, or), with the last bare word
 * also matching as a prefix (`appl` finds "apple", typing as you go). Both sides
 * go through the same text-search configuration (SEARCH_LANGUAGE), so with a
 * stemming one `apple` finds "apples". The configuration's name is inlined (it is
 * validated against a fixed list at boot) because the GIN index expression
 * `to_tsvector('<language>', content)` only serves a query that spells it alike.
 */
export interface TextQuery {
  /** Everything but the prefix word, for websearch_to_tsquery (may be empty). */
  words: string;
  /** The last bare word for a `:*` prefix match, letters and digits only (may be empty). */
  prefix: string;
}

const LAST_BARE_WORD = /(^|\s)([^\s"-][^\s"]*)$/u;

export function parseTextQuery(q: string): TextQuery {
  const text = q.replace(/\0/g, '').trim();
  const quotes = (text.match(/"/g) ?? []).length;
  const last = quotes % 2 === 0 ? LAST_BARE_WORD.exec(text) : null;
  if (!last || /^or$/i.test(last[2])) return { words: text, prefix: '' };
  const prefix = last[2].replace(/[^\p{L}\p{N}]+/gu, '');
  if (!prefix) return { words: text, prefix: '' };
  return { words: text.slice(0, last.index).trim(), prefix };
}

/**
 * The tsquery SQL for a parsed query, with its parameters starting at `$first`.
 * Words and prefix are ANDed; an empty side is left out.
 */
export function tsquerySql(language: string, query: TextQuery, first: number): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (query.words) {
    params.push(query.words);
    parts.push(`websearch_to_tsquery('${language}', $${first + params.length - 1})`);
  }
  if (query.prefix) {
    params.push(`${query.prefix}:*`);
    parts.push(`to_tsquery('${language}', $${first + params.length - 1})`);
  }
  return { sql: parts.length ? `(${parts.join(' && ')})` : `''::tsquery`, params };
}

export const searchVector = (language: string, column = 'm.content') => `to_tsvector('${language}', ${column})`;

/**
 * The ids of the messages matching a tsquery, through the GIN index even under row-level
 * security (`message_search_ids`, migration MessageSearchUnderRowSecurity): the scope's organization only.
 */
export const searchMatchIds = (language: string, tsquery: string) => `SELECT message_search_ids('${language}', ${tsquery})`;
