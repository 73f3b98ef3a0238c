import { type components, type Message, unwrap } from '@parley/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { highlight, highlightTerms } from '../highlight';
import { dayLabel, timeOf } from '../display';
import { cursorParam, resultSummary, useSearch } from '../useSearch';
import type { MessageContext } from './MessageItem';

/** Waits for the next frame (the history re-renders after a page of older messages arrives). */
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Search in this room beside it (loaded on demand): Enter searches, the hits
 * newest first with the matched words marked, "Load more" for older ones; a hit
 * shows its message in the history (paging back to it) and focuses it, a
 * thread-only reply opens its thread. Escape closes the panel.
 */
export default function SearchPanel({
  context,
  loadBackTo,
  onClose,
}: {
  context: MessageContext;
  loadBackTo: (seq: number) => Promise<void>;
  onClose: () => void;
}) {
  const { client, roomId } = context;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

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

  const show = async (m: Message) => {
    setJumpError(null);
    if (m.thread_root_id && !m.also_in_room) {
      const root = await unwrap<Message>(
        client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}', { params: { path: { id: roomId, messageId: m.thread_root_id } } }),
      ).catch(() => null);
      if (root && context.onOpenThread) context.onOpenThread(root);
      else setJumpError('The thread of this reply could not be opened.');
      return;
    }
    const find = () => document.querySelector<HTMLElement>(`.messages .message[data-seq="${m.seq}"]`);
    if (!find()) await loadBackTo(m.seq).catch(() => undefined);
    for (let tries = 0; tries < 60 && !find(); tries += 1) await frame();
    const target = find();
    if (!target) return setJumpError('This message could not be shown in the history.');
    document.querySelectorAll('.messages .message--target').forEach((el) => el.classList.remove('message--target'));
    target.classList.add('message--target');
    target.scrollIntoView({ block: 'center' });
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
  };

  return (
    <aside
      className="side-panel search-panel"
      id="search"
      aria-labelledby="search-panel-title"
      onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && onClose()}
    >
      <header className="side-panel__header">
        <h2 id="search-panel-title">Search this room</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close search">
          ✕
        </button>
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
        {(results.error ?? jumpError) && (
          <p className="error" role="alert">
            {results.error ?? jumpError}
          </p>
        )}
        {results.items.length > 0 && (
          <ol className="search-hits" aria-label="Matches in this room">
            {results.items.map((m) => (
              <li key={m.id}>
                <button type="button" className="search-hit" onClick={() => void show(m)}>
                  <span className="search-hit__meta">
                    <span className="message__author">{m.sender?.display_name ?? 'Deleted user'}</span>{' '}
                    <time dateTime={m.created_at}>
                      {dayLabel(m.created_at)} {timeOf(m.created_at)}
                    </time>
                    {m.thread_root_id && <span className="search-hit__thread"> · in a thread</span>}
                  </span>
                  <span className="search-hit__text">{highlight(m.content, terms)}</span>
                </button>
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
