import type { ReactNode } from 'react';
import { plainText } from './format';

/** Longest first: the first that leaves a stem of 3 or more letters is cut. */
const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's', 'e'];

/** A rough English stem (the server stems properly): enough to mark "deployed" for a search for "deploying". */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  const suffix = SUFFIXES.find((s) => lower.endsWith(s) && lower.length - s.length >= 3);
  return suffix ? lower.slice(0, -suffix.length) : lower;
}

/**
 * The words to mark for a query in Parley's search syntax ("quoted phrase",
 * -excluded, or): every word that is not excluded and not `or`, stemmed,
 * longest first. A word in a message is marked when it starts with one of them
 * (the last query word also matches as a prefix on the server).
 */
export function highlightTerms(query: string): string[] {
  const kept = query.replace(/(^|\s)-"[^"]*"?/g, ' ').replace(/(^|\s)-\S*/g, ' ');
  const words = kept.split(/[^\p{L}\p{N}]+/u).filter((w) => w && w.toLowerCase() !== 'or');
  return [...new Set(words.map(stem))].sort((a, b) => b.length - a.length);
}

/** The text as React elements with the words that match a term in `<mark>` (never HTML: the text stays text). */
export function highlight(text: string, terms: string[]): ReactNode[] {
  if (!terms.length) return [text];
  return text.split(/([\p{L}\p{N}]+)/u).map((part, i) => {
    if (i % 2 === 0) return part;
    const lower = part.toLowerCase();
    return terms.some((t) => lower.startsWith(t)) ? (
      <mark key={i} className="search-mark">
        {part}
      </mark>
    ) : (
      part
    );
  });
}

/**
 * A search hit's text: the message read plainly on one line (`plainText`: `**onboarding**` reads
 * "onboarding", a link its label) with the query's words marked. Plain rather than formatted: a hit
 * is itself a link or a button, so it cannot hold the message's links, and the marking stays on whole words.
 */
export function hitText(content: string, terms: string[]): ReactNode[] {
  return highlight(plainText(content), terms);
}
