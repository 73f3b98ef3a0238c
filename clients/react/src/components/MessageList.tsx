import type { Message } from '@parley/client';
import { Fragment, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RoomData } from '../useRoom';
import { dayLabel, dayOf } from '../display';
import { type MessageContext, MessageItem, PendingItem } from './MessageItem';

/** Messages of one sender this close together share one header. */
const GROUP_WINDOW_MS = 5 * 60_000;
/** Closer than this to the bottom counts as reading the newest messages. */
const BOTTOM_PX = 40;

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
 * pinned to the bottom for new messages while the reader is there, opened at
 * the "New messages" divider when there was something unread, and a "Jump to
 * latest" button while scrolled up.
 */
export function MessageList({ data, context, targetSeq }: { data: RoomData; context: MessageContext; targetSeq?: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const older = useRef<HTMLButtonElement>(null);
  const atBottom = useRef(true);
  const positioned = useRef(false);
  /** What to show once the pages before it are in: the divider, or a message opened by its seq. */
  const want = useRef<'divider' | number | null>(null);
  const previous = useRef<{ first?: number; height: number }>({ height: 0 });
  /** The newest seq seen at the bottom: what came after it while scrolled up counts as new. */
  const [seenSeq, setSeenSeq] = useState(0);
  const [scrolledUp, setScrolledUp] = useState(false);
  const me = context.client.user!.id;
  const newest = data.messages[data.messages.length - 1]?.seq ?? 0;

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
    if (!el || !data.ready) return;
    const first = data.messages[0]?.seq;
    if (!positioned.current) {
      // Opened: at the message asked for, else at the first unread one when there is one, else at the newest.
      positioned.current = true;
      const shown = targetSeq !== undefined && toMessage(el, targetSeq);
      if (targetSeq !== undefined && !shown) {
        want.current = targetSeq;
        void data.loadBackTo(targetSeq);
      } else if (!shown && (data.unreadAbove || !toDivider(el))) el.scrollTop = el.scrollHeight;
      update(el);
    } else if (want.current !== null && (want.current === 'divider' ? !data.unreadAbove && toDivider(el) : toMessage(el, want.current))) {
      want.current = null;
      update(el);
    } else if (previous.current.first !== undefined && first !== undefined && first < previous.current.first) {
      el.scrollTop += el.scrollHeight - previous.current.height; // older page above: keep the view still
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { first, height: el.scrollHeight };
  }, [data.ready, data.unreadAbove, data.messages, data.pending, data.typists]);

  useEffect(() => {
    if (atBottom.current) setSeenSeq(newest);
  }, [newest]);

  function update(el: HTMLDivElement) {
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_PX;
    atBottom.current = bottom;
    setScrolledUp(!bottom);
    if (bottom) setSeenSeq(newest);
  }

  function jumpToUnread() {
    want.current = 'divider'; // scrolled to once the pages before it are in (the layout effect)
    if (data.openedMark !== null) void data.loadBackTo(data.openedMark + 1);
  }

  function jump() {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    update(el);
    el.focus();
  }

  const unseen = data.messages.filter((m) => m.seq > seenSeq && m.type === 'text' && m.sender?.id !== me).length;
  const seenBy = receipts(data.messages, data, me);
  return (
    <div className="messages-frame">
      <div className="messages" ref={scroller} tabIndex={-1} onScroll={(e) => update(e.currentTarget)}>
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
                  {m.seq === data.firstUnread && !data.unreadAbove && (
                    <li className="unread-divider">
                      <span>New messages</span>
                    </li>
                  )}
                  <MessageItem
                    context={context}
                    message={m}
                    mine={m.sender?.id === me}
                    seenBy={seenBy.get(m.seq)}
                    continued={!newDay && m.seq !== data.firstUnread && continues(before, m)}
                  />
                </Fragment>
              );
            })}
            {data.pending.map((p) => (
              <PendingItem key={p.client_message_id} client={context.client} item={p} />
            ))}
          </ol>
        </div>
      </div>
      {data.unreadAbove && (
        <button type="button" className="jump-unread" onClick={jumpToUnread}>
          New messages above: jump to the first unread
        </button>
      )}
      {scrolledUp && (
        <button type="button" className="jump-latest" onClick={jump}>
          Jump to latest{unseen > 0 ? ` (${unseen} new)` : ''}
        </button>
      )}
    </div>
  );
}

/** Scrolls a message to the middle of the history, marks and focuses it; false when it is not loaded. */
function toMessage(el: HTMLElement, seq: number): boolean {
  const target = el.querySelector<HTMLElement>(`.message[data-seq="${seq}"]`);
  if (!target) return false;
  el.scrollTop = target.offsetTop - el.offsetTop - el.clientHeight / 3;
  target.classList.add('message--target');
  target.tabIndex = -1;
  target.focus({ preventScroll: true });
  return true;
}

/** Scrolls the "New messages" divider to the top of the history; false when there is none. */
function toDivider(el: HTMLElement): boolean {
  const divider = el.querySelector<HTMLElement>('.unread-divider');
  if (divider) el.scrollTop = divider.offsetTop - el.offsetTop - 8;
  return divider !== null;
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
