import { type components, type Message, unwrap } from '@parley/client';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useParley } from '../context';
import { highlightTerms, hitText } from '../highlight';
import { dayLabel, timeOf } from '../display';
import { renameMessages } from '../people';
import { cursorParam, resultSummary, useSearch } from '../useSearch';

export interface SearchPanelProps {
  roomId: string;
  /**
   * What choosing a hit does (`Room` shows it in its history). A rejection's message is shown as an alert.
   * Without it each hit is a link to `/rooms/{id}?seq=` (a thread-only reply: `?thread=`), followed with the
   * provider's `navigate`, or loaded when there is none.
   */
  onSelect?: (message: Message) => void | Promise<void>;
  /** A close button (✕), also Escape; without it the panel stays. */
  onClose?: () => void;
  /** The heading; "Search this room" by default. */
  title?: string;
  /** The panel's element id ("search" by default: the id `Room`'s "Search in room" button controls). */
  id?: string;
  /** Focus the search box when shown; by default when it can be closed (opened as a panel, not part of the page). */
  autoFocus?: boolean;
}

/** Where a hit leads: the room at that message, or the thread of a thread-only reply. */
const hrefOf = (m: Message) => `/rooms/${m.room_id}?${m.thread_root_id && !m.also_in_room ? `thread=${m.thread_root_id}` : `seq=${m.seq}`}`;

/**
 * Search in one room (loaded on demand), inside `Room` or on its own under a `ParleyProvider`: Enter
 * searches, the hits newest first read as plain text with the matched words marked, "Load more" for older
 * ones; a hit follows `onSelect` (or its link). Senders follow a live rename. Escape closes it.
 */
export default function SearchPanel({
  roomId,
  onSelect,
  onClose,
  title = 'Search this room',
  id = 'search',
  autoFocus = onClose !== undefined,
}: SearchPanelProps) {
  const { client, navigate } = useParley();
  const titleId = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [selectError, setSelectError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const fetchPage = useCallback(
    async (q: string, before?: string) => {
      const page = await unwrap<components['schemas']['MessagePageResponse']>(
        client.rest.GET('/api/v1/rooms/{id}/messages/search', {
          params: { path: { id: roomId }, query: before ? { q, before: Number(before) } : { q } },
        }),
      );
      // A page comes in seq order; the newest first reads like the search page.
      return { items: [...page.results].reverse(), cursor: cursorParam(page.next, 'before') };
    },
    [client, roomId],
  );
  const results = useSearch<Message>(query, fetchPage);
  const terms = useMemo(() => highlightTerms(query), [query]);
  const { edit } = results;
  useEffect(() => client.on('userUpdated', (u) => edit((hits) => renameMessages(hits, u))), [client, edit]);

  const select = async (m: Message) => {
    setSelectError(null);
    try {
      await onSelect!(m);
    } catch (failure) {
      setSelectError(failure instanceof Error ? failure.message : 'This message could not be shown.');
    }
  };
  const hitBody = (m: Message) => (
    <>
      <span className="search-hit__meta">
        <span className="message__author">{m.sender?.display_name ?? 'Deleted user'}</span>{' '}
        <time dateTime={m.created_at}>
          {dayLabel(m.created_at)} {timeOf(m.created_at)}
        </time>
        {m.thread_root_id && <span className="search-hit__thread"> · in a thread</span>}
      </span>
      <span className="search-hit__text">{hitText(m.content, terms)}</span>
    </>
  );

  return (
    <aside
      className="side-panel search-panel"
      id={id}
      aria-labelledby={titleId}
      onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && onClose?.()}
    >
      <header className="side-panel__header">
        <h2 id={titleId}>{title}</h2>
        {onClose && (
          <button type="button" className="link" onClick={onClose} aria-label="Close search">
            ✕
          </button>
        )}
      </header>
      <div className="side-panel__body">
        <form
          className="search-box"
          role="search"
          aria-label="This room"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(text.trim());
          }}
        >
          <input
            ref={input}
            type="search"
            aria-label="Words to find in this room"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={200}
          />
          <button type="submit" className="secondary">
            Search
          </button>
        </form>
        {!query && <p className="hint">Type words and press Enter. Quote a phrase, or put a minus before a word to leave it out.</p>}
        <p className="search-status" role="status">
          {resultSummary(query, results)}
        </p>
        {(results.error ?? selectError) && (
          <p className="error" role="alert">
            {results.error ?? selectError}
          </p>
        )}
        {results.items.length > 0 && (
          <ol className="search-hits" aria-label="Matches in this room">
            {results.items.map((m) => (
              <li key={m.id}>
                {onSelect ? (
                  <button type="button" className="search-hit" onClick={() => void select(m)}>
                    {hitBody(m)}
                  </button>
                ) : (
                  <a
                    className="search-hit"
                    href={hrefOf(m)}
                    onClick={(e) => {
                      if (!navigate) return;
                      e.preventDefault();
                      navigate(hrefOf(m));
                    }}
                  >
                    {hitBody(m)}
                  </a>
                )}
              </li>
            ))}
          </ol>
        )}
        {results.more && (
          <button type="button" className="secondary" onClick={results.more}>
            Load more
          </button>
        )}
      </div>
    </aside>
  );
}
