import { ParleyError } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describe } from './errors';

/** One page of hits and the cursor of the next (null: the last page). */
export interface HitPage<T> {
  items: T[];
  cursor: string | null;
}

export interface SearchResults<T> {
  items: T[];
  /** A page is on its way. */
  loading: boolean;
  /** The server's refusal in words (a 400 names the rule), or that it could not be reached. */
  error: string | null;
  /** The first page has arrived for this query. */
  searched: boolean;
  /** Loads the next page; null when there is none. */
  more: (() => void) | null;
  /** Changes the hits shown (a live rename of a sender); stable across renders. */
  edit(change: (items: T[]) => T[]): void;
}

/** A refusal in words; the query's own rule (1 to 200 characters) said of "the search words" rather than of `q`. */
export function searchError(failure: unknown): string {
  const words = failure instanceof ParleyError ? failure.fields?.q : undefined;
  return words?.length
    ? `The search words ${words
        .map((m) =>
          m
            .replace(/^q /, '')
            .replace(/\.$/, '')
            .replace(/^./, (c) => c.toLowerCase()),
        )
        .join('; ')}.`
    : describe(failure);
}

/** The value of `name` in a `next` link (a cursor or a `before`), null without a link. */
export const cursorParam = (next: string | null, name: string): string | null =>
  next ? new URL(next, location.origin).searchParams.get(name) : null;

/**
 * Search results for a query, paged by cursor: a new query starts over, and an
 * answer to an older query (typed over while it was on its way) is dropped.
 */
export function useSearch<T>(query: string, fetchPage: (q: string, cursor?: string) => Promise<HitPage<T>>): SearchResults<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [searched, setSearched] = useState(false);
  const asked = useRef(0);

  const load = useCallback(
    (from?: string) => {
      const ask = ++asked.current;
      setLoading(true);
      setError(null);
      fetchPage(query, from).then(
        (page) => {
          if (ask !== asked.current) return;
          setItems((prev) => (from ? [...prev, ...page.items] : page.items));
          setCursor(page.cursor);
          setSearched(true);
          setLoading(false);
        },
        (failure: unknown) => {
          if (ask !== asked.current) return;
          setError(searchError(failure));
          setLoading(false);
        },
      );
    },
    [query, fetchPage],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    setSearched(false);
    setError(null);
    if (query.trim()) load();
    else asked.current += 1;
  }, [query, load]);

  const edit = useCallback((change: (items: T[]) => T[]) => setItems(change), []);
  return { items, loading, error, searched, more: cursor && !loading ? () => load(cursor) : null, edit };
}

/** What the live region says: searching, nothing found, or how many. */
export function resultSummary(query: string, results: SearchResults<unknown>): string {
  if (!query.trim()) return '';
  if (results.loading) return results.searched ? 'Loading more results…' : 'Searching…';
  if (results.error || !results.searched) return '';
  const n = results.items.length;
  if (n === 0) return `No messages match “${query.trim()}”.`;
  return `${n} ${n === 1 ? 'result' : 'results'}${results.more ? ' so far, more with “Load more”' : ''}.`;
}
