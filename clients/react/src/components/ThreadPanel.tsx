import type { Member, Message } from '@parley/client';
import { type KeyboardEvent, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useThread } from '../useThread';
import { useUploads } from '../useUploads';
import { Composer } from './Composer';
import { type MessageContext, MessageItem, PendingItem } from './MessageItem';

interface ThreadPanelProps {
  context: MessageContext;
  root: Message;
  members: Member[];
  /** Not a member, or the room does not take messages now. */
  disabled: boolean;
  onClose: () => void;
}

/** A thread beside the room (loaded on demand): the root, its replies live, and a composer of its own. Escape closes it. */
export default function ThreadPanel({ context, root: first, members, disabled, onClose }: ThreadPanelProps) {
  const { client, roomId } = context;
  const thread = useThread(client, roomId, first);
  const uploads = useUploads(client);
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const byId = useMemo(() => new Map([thread.root, ...thread.replies].map((m) => [m.id, m])), [thread.root, thread.replies]);
  // Inside a thread: no nested threads; quotes resolve among the thread's own messages first.
  const inner = useMemo<MessageContext>(
    () => ({ ...context, onOpenThread: undefined, onReply: undefined, byId: (id) => byId.get(id) ?? context.byId(id) }),
    [context, byId],
  );
  const me = client.user!.id;

  useEffect(() => heading.current?.focus(), []);
  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [thread.replies.length, thread.pending.length]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented) onClose();
  };
  const count = thread.root.reply_count ?? thread.replies.length;
  return (
    <aside className="side-panel thread" id="thread" aria-labelledby="thread-title" onKeyDown={onKeyDown}>
      <header className="side-panel__header">
        <h2 id="thread-title" tabIndex={-1} ref={heading}>
          Thread
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close thread">
          ✕
        </button>
      </header>
      <div className="side-panel__body" ref={list}>
        <ol className="message-list" aria-label="Thread root">
          <MessageItem context={inner} message={thread.root} mine={thread.root.sender?.id === me} />
        </ol>
        <p className="thread__count">{count === 1 ? '1 reply' : `${count} replies`}</p>
        {thread.hasOlder && (
          <button type="button" className="older" onClick={() => void thread.loadOlder()}>
            Load older replies
          </button>
        )}
        {thread.error && (
          <p className="error" role="alert">
            {thread.error}
          </p>
        )}
        <div role="log" aria-label="Replies" aria-live="polite">
          <ol className="message-list">
            {thread.replies.map((m) => (
              <MessageItem key={m.seq} context={inner} message={m} mine={m.sender?.id === me} />
            ))}
            {thread.pending.map((p) => (
              <PendingItem key={p.client_message_id} client={client} item={p} />
            ))}
          </ol>
        </div>
      </div>
      {!thread.root.deleted && (
        <Composer
          client={client}
          roomId={roomId}
          threadRootId={thread.root.id}
          label="Reply in thread"
          disabled={disabled}
          uploads={uploads}
          members={members}
          autoFocus={false}
        />
      )}
    </aside>
  );
}
