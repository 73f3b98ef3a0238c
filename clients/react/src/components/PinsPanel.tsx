import { type Message, type ParleyClient, unwrap } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatMessage } from '../format';
import { timeOf } from '../display';
import { Attachments } from './Attachments';
import { snippet } from './Composer';
import type { MessageContext } from './MessageItem';
import { describe } from '../errors';
import { renameMessages } from '../people';

interface PinPage {
  next: string | null;
  results: Message[];
}

/** The room's pinned messages, newest pin first, kept live by `message:updated` (a pin or unpin) and deletes. */
function usePins(client: ParleyClient, roomId: string) {
  const [pins, setPins] = useState<Message[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(
    async (cursor?: string) => {
      const page = await unwrap<PinPage>(
        client.rest.GET('/api/v1/rooms/{id}/pins', { params: { path: { id: roomId }, query: cursor ? { cursor } : {} } }),
      );
      setPins((prev) => (cursor ? [...prev, ...page.results.filter((m) => !prev.some((p) => p.id === m.id))] : page.results));
      setNext(page.next ? new URL(page.next, location.origin).searchParams.get('cursor') : null);
      setLoaded(true);
    },
    [client, roomId],
  );

  useEffect(() => {
    void load().catch(() => setLoaded(true));
    const changed = (m: Message) => {
      if (m.room_id !== roomId) return;
      setPins((list) => {
        const rest = list.filter((p) => p.id !== m.id);
        if (!m.pinned_at || m.deleted) return rest;
        return [m, ...rest].sort((a, b) => (b.pinned_at ?? '').localeCompare(a.pinned_at ?? ''));
      });
    };
    const offs = [
      client.on('messageUpdated', changed),
      client.on('messageDeleted', changed),
      client.on('userUpdated', (u) => setPins((list) => renameMessages(list, u))),
      client.on('connection', (c) => c.caughtUp && void load().catch(() => undefined)),
    ];
    return () => offs.forEach((off) => off());
  }, [client, roomId, load]);

  return { pins, loaded, more: next ? () => load(next) : null };
}

/** The pinned list beside the room (loaded on demand): each pin's message, who pinned it, a jump to it, and unpin for owners and admins. */
export default function PinsPanel({ context, onClose }: { context: MessageContext; onClose: () => void }) {
  const { client, roomId } = context;
  const { pins, loaded, more } = usePins(client, roomId);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const unpin = (m: Message) =>
    unwrap(client.rest.DELETE('/api/v1/rooms/{id}/pins/{messageId}', { params: { path: { id: roomId, messageId: m.id } } })).catch((f: unknown) =>
      setError(describe(f)),
    );
  const jump = (m: Message) => {
    const target = document.querySelector<HTMLElement>(`.messages [data-id="${m.id}"]`);
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.tabIndex = -1;
    target.focus();
  };

  return (
    <aside
      className="side-panel pins"
      id="pins"
      aria-labelledby="pins-title"
      onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && onClose()}
    >
      <header className="side-panel__header">
        <h2 id="pins-title" tabIndex={-1} ref={heading}>
          Pinned messages
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close pinned messages">
          ✕
        </button>
      </header>
      <div className="side-panel__body">
        {loaded && pins.length === 0 && <p className="hint">Nothing is pinned in this room yet.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <ul className="pin-list" aria-label="Pinned messages">
          {pins.map((m) => (
            <li key={m.id} className="pin">
              <div className="message__meta">
                <span className="message__author">{m.sender?.display_name ?? 'Deleted user'}</span>{' '}
                <time dateTime={m.created_at}>{timeOf(m.created_at)}</time>
              </div>
              {m.content && (
                <div className="message__body">
                  {formatMessage(m.content, { mentions: m.mentions?.map((x) => x.username), me: client.user?.username })}
                </div>
              )}
              <Attachments client={client} files={m.attachments ?? []} />
              <p className="hint">
                Pinned by {(m.pinned_by && (m.pinned_by === client.user?.id ? 'you' : context.nameOf(m.pinned_by))) ?? 'someone'}
                {m.pinned_at && (
                  <>
                    {' '}
                    at <time dateTime={m.pinned_at}>{timeOf(m.pinned_at)}</time>
                  </>
                )}
              </p>
              <div className="pin__actions">
                {context.byId(m.id) && (
                  <button type="button" className="link" onClick={() => jump(m)} aria-label={`Show in room: ${snippet(m, 40)}`}>
                    Show in room
                  </button>
                )}
                {context.canPin && (
                  <button type="button" className="link" onClick={() => void unpin(m)} aria-label={`Unpin message: ${snippet(m, 40)}`}>
                    Unpin
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
        {more && (
          <button type="button" className="secondary" onClick={() => void more()}>
            More pins
          </button>
        )}
      </div>
    </aside>
  );
}
