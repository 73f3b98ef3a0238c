import type { Message, ParleyClient } from '@parley/client';
import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import type { RoomData } from '../useRoom';
import { dayLabel, dayOf } from '../session';
import { MessageItem, PendingItem } from './MessageItem';

/** Messages of one sender this close together share one header. */
const GROUP_WINDOW_MS = 5 * 60_000;

function continues(before: Message, m: Message): boolean {
  return (
    before.type === 'text' &&
    m.type === 'text' &&
    before.sender !== null &&
    before.sender.id === m.sender?.id &&
    Date.parse(m.created_at) - Date.parse(before.created_at) < GROUP_WINDOW_MS
  );
}

/**
 * The history: upward infinite scroll (an observed "Load older" button at the
 * top, also usable by keyboard), scroll kept in place when older pages arrive,
 * and pinned to the bottom for new messages while the reader is there.
 */
export function MessageList({ client, data, roomId, canWrite }: { client: ParleyClient; data: RoomData; roomId: string; canWrite: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const older = useRef<HTMLButtonElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ first?: number; height: number }>({ height: 0 });
  const me = client.user!.id;

  useEffect(() => {
    const button = older.current;
    if (!button || !scroller.current) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void data.loadOlder(), {
      root: scroller.current,
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [data, data.hasOlder]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = data.messages[0]?.seq;
    if (previous.current.first !== undefined && first !== undefined && first < previous.current.first) {
      el.scrollTop += el.scrollHeight - previous.current.height; // older page above: keep the view still
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { first, height: el.scrollHeight };
  }, [data.messages, data.pending, data.typists]);

  const seenBy = receipts(data.messages, data, me);
  return (
    <div
      className="messages"
      ref={scroller}
      onScroll={(e) => (atBottom.current = e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < 40)}
    >
      {data.hasOlder && (
        <button type="button" className="older" ref={older} onClick={() => void data.loadOlder()} disabled={data.loadingOlder}>
          {data.loadingOlder ? 'Loading older messages…' : 'Load older messages'}
        </button>
      )}
      <div role="log" aria-label="Messages" aria-live="polite">
        <ol className="message-list">
          {data.messages.map((m, i) => {
            const before = data.messages[i - 1];
            const newDay = !before || dayOf(before.created_at) !== dayOf(m.created_at);
            return (
              <Fragment key={m.seq}>
                {newDay && (
                  <li className="day">
                    <time dateTime={m.created_at.slice(0, 10)}>{dayLabel(m.created_at)}</time>
                  </li>
                )}
                <MessageItem
                  client={client}
                  message={m}
                  roomId={roomId}
                  mine={m.sender?.id === me}
                  canWrite={canWrite}
                  seenBy={seenBy.get(m.seq)}
                  continued={!newDay && continues(before, m)}
                />
              </Fragment>
            );
          })}
          {data.pending.map((p) => (
            <PendingItem key={p.client_message_id} client={client} item={p} />
          ))}
        </ol>
      </div>
    </div>
  );
}

/** Receipts on the newest own message that others have read (and "Sent" on the newest own one if unread). */
function receipts(messages: Message[], data: RoomData, me: string): Map<number, string> {
  const result = new Map<number, string>();
  const own = messages.filter((m) => m.sender?.id === me && !m.deleted);
  const last = own[own.length - 1];
  if (!last) return result;
  const others = data.members.filter((m) => m.user.id !== me);
  for (let i = own.length - 1; i >= 0; i -= 1) {
    const readers = others.filter((m) => m.last_read_seq >= own[i].seq).map((m) => m.user.display_name);
    if (readers.length) {
      result.set(own[i].seq, `Seen by ${readers.join(', ')}`);
      break;
    }
  }
  if (!result.has(last.seq)) result.set(last.seq, 'Sent');
  return result;
}
