import { type components, type ParleyClient, unwrap } from '@parley/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RoomsState } from '@parley/react';
import {
  cursorParam,
  dayLabel,
  highlightTerms,
  hitText,
  renameInMessages,
  resultSummary,
  roomTitle,
  timeOf,
  useSearch,
} from '@parley/react/internal';
import { navigate } from '../router';
import { searchQueryOf } from './SearchBox';

type Hit = components['schemas']['SearchHitResponse'];

/**
 * `/search?q=` (loaded on demand): messages matching the top bar's query in
 * every room the reader can read, newest first, "Load more" by cursor; each
 * opens its room at that message (a thread-only reply: its thread).
 */
export default function SearchPage({ client, rooms }: { client: ParleyClient; rooms: RoomsState }) {
  const [query, setQuery] = useState(searchQueryOf);
  const heading = useRef<HTMLHeadingElement>(null);
  const me = client.user!;
  useEffect(() => {
    const update = () => setQuery(searchQueryOf());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  // Opened by a link rather than from the box: announce the page.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, []);

  const fetchPage = useCallback(
    async (q: string, cursor?: string) => {
      const page = await unwrap<components['schemas']['SearchPageResponse']>(
        client.rest.GET('/api/v1/messages/search', { params: { query: cursor ? { q, cursor } : { q } } }),
      );
      return { items: page.results, cursor: cursorParam(page.next, 'cursor') };
    },
    [client],
  );
  const results = useSearch<Hit>(query, fetchPage);
  const terms = useMemo(() => highlightTerms(query), [query]);
  const { edit } = results;
  useEffect(
    () =>
      client.on('userUpdated', (u) =>
        edit((hits) =>
          renameInMessages(
            hits,
            u,
            (hit) => hit.message,
            (hit, message) => ({ ...hit, message }),
          ),
        ),
      ),
    [client, edit],
  );

  const roomName = (room: Hit['room']) => {
    const mine = rooms.rooms.find((r) => r.id === room.id);
    return mine ? (rooms.partners[room.id]?.display_name ?? roomTitle(mine, me.username)) : roomTitle(room, me.username);
  };

  return (
    <section className="panel search-page" aria-labelledby="search-title">
      <h1 id="search-title" tabIndex={-1} ref={heading}>
        {query.trim() ? `Search: ${query.trim()}` : 'Search'}
      </h1>
      {!query.trim() && <p className="hint">Type words in the search box at the top and press Enter to search every room you can read.</p>}
      <p className="search-status" role="status">
        {resultSummary(query, results)}
      </p>
      {results.error && (
        <p className="error" role="alert">
          {results.error}
        </p>
      )}
      {results.items.length > 0 && (
        <ol className="search-hits" aria-label="Search results">
          {results.items.map(({ room, message: m }) => {
            const href = `/rooms/${room.id}?${m.thread_root_id && !m.also_in_room ? `thread=${m.thread_root_id}` : `seq=${m.seq}`}`;
            return (
              <li key={m.id}>
                <a className="search-hit" href={href} onClick={(e) => (e.preventDefault(), navigate(href))}>
                  <span className="search-hit__meta">
                    <span className="search-hit__room">{roomName(room)}</span> ·{' '}
                    <span className="message__author">{m.sender?.display_name ?? 'Deleted user'}</span>{' '}
                    <time dateTime={m.created_at}>
                      {dayLabel(m.created_at)} {timeOf(m.created_at)}
                    </time>
                    {m.thread_root_id && <span className="search-hit__thread"> · in a thread</span>}
                  </span>
                  <span className="search-hit__text">{hitText(m.content, terms)}</span>
                </a>
              </li>
            );
          })}
        </ol>
      )}
      {results.more && (
        <button type="button" className="secondary" onClick={results.more}>
          Load more
        </button>
      )}
    </section>
  );
}
