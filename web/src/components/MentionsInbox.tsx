import { type Message, type ParleyClient, unwrap } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomsState } from '@parley/react';
import { dayLabel, describe, formatMessage, roomTitle, timeOf } from '@parley/react/internal';
import { navigate } from '../router';

interface MentionPage {
  next: string | null;
  results: Message[];
}

const cursorOf = (next: string | null) => (next ? new URL(next, location.origin).searchParams.get('cursor') : null);

/**
 * Messages that mention the reader, newest first, across their rooms (loaded on
 * demand): new ones arrive live (`mention`), edits and deletes follow, older
 * ones page by cursor; each opens its room at that message.
 */
export default function MentionsInbox({ client, rooms }: { client: ParleyClient; rooms: RoomsState }) {
  const [items, setItems] = useState<Message[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const me = client.user!;

  const load = useCallback(
    async (from?: string) => {
      const page = await unwrap<MentionPage>(client.rest.GET('/api/v1/users/me/mentions', { params: { query: from ? { cursor: from } : {} } }));
      setItems((prev) => (from ? [...(prev ?? []), ...page.results.filter((m) => !prev?.some((p) => p.id === m.id))] : page.results));
      setCursor(cursorOf(page.next));
    },
    [client],
  );

  useEffect(() => {
    heading.current?.focus();
    load().catch((failure: unknown) => setError(describe(failure)));
    const changed = (m: Message) => setItems((list) => list && list.map((x) => (x.id === m.id ? m : x)));
    const offs = [
      client.on('mention', ({ message }) => setItems((list) => [message, ...(list ?? []).filter((m) => m.id !== message.id)])),
      client.on('messageUpdated', changed),
      client.on('messageDeleted', changed),
    ];
    return () => offs.forEach((off) => off());
  }, [client, load]);

  const roomName = (id: string) => {
    const room = rooms.rooms.find((r) => r.id === id);
    return room ? (rooms.partners[id]?.display_name ?? roomTitle(room, me.username)) : 'A room';
  };

  return (
    <section className="panel" aria-labelledby="mentions-title">
      <h1 id="mentions-title" tabIndex={-1} ref={heading}>
        Mentions
      </h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p className="hint">Nobody has mentioned you yet.</p>}
      <ol className="mention-list" aria-label="Messages that mention you">
        {items?.map((m) => {
          // A thread-only reply opens its thread; anything else the room at that message.
          const href = `/rooms/${m.room_id}?${m.thread_root_id && !m.also_in_room ? `thread=${m.thread_root_id}` : `seq=${m.seq}`}`;
          return (
            <li key={m.id} className="mention-item">
              <p className="message__meta">
                <span className="mention-item__room">{roomName(m.room_id)}</span> ·{' '}
                <span className="message__author">{m.sender?.display_name ?? 'Deleted user'}</span>{' '}
                <time dateTime={m.created_at}>
                  {dayLabel(m.created_at)} {timeOf(m.created_at)}
                </time>
              </p>
              {m.deleted ? (
                <p className="message__body message__body--deleted">Message deleted</p>
              ) : (
                <div className="message__body">{formatMessage(m.content, { mentions: m.mentions?.map((x) => x.username), me: me.username })}</div>
              )}
              <a
                href={href}
                onClick={(e) => (e.preventDefault(), navigate(href))}
                aria-label={`Open in room: ${roomName(m.room_id)}, ${m.deleted ? 'deleted message' : m.content.slice(0, 40)}`}
              >
                Open in room
              </a>
            </li>
          );
        })}
      </ol>
      {cursor && (
        <button type="button" className="secondary" onClick={() => void load(cursor).catch((f: unknown) => setError(describe(f)))}>
          Older mentions
        </button>
      )}
    </section>
  );
}
