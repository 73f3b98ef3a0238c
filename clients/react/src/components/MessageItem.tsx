import { type Message, type OutgoingMessage, type ParleyClient, unwrap } from '@parley/client';
import { type KeyboardEvent, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { formatMessage, mentionsMe } from '../format';
import { timeOf } from '../display';
import { Attachments } from './Attachments';
import { HistoryButton, MessageActions } from './MessageActions';
import { QuotedMessage } from './QuotedMessage';
import { Reactions } from './Reactions';
import { ReportMessageButton } from './ReportDialog';
import { blockedText, describe } from '../errors';

// Read by few (senders of edited messages, moderators): its own chunk, loaded when first opened.
const HistoryDialog = lazy(() => import('./HistoryDialog'));

export interface MessageContext {
  client: ParleyClient;
  roomId: string;
  /** A member who may post: reply, edit own. */
  canWrite: boolean;
  /** A member of a room that is not archived. */
  canReact: boolean;
  /** Owners and admins. */
  canPin: boolean;
  /** Owners and admins of the room, and global admins: read any message's edit history, a deleted one's too. */
  canModerate?: boolean;
  /** A member's display name by user id (thread participants). */
  nameOf: (userId: string) => string | undefined;
  /** Messages on screen by id (quoted parents). */
  byId: (id: string) => Message | undefined;
  onReply?: (message: Message) => void;
  onOpenThread?: (message: Message) => void;
}

interface MessageItemProps {
  context: MessageContext;
  message: Message;
  mine: boolean;
  seenBy?: string;
  /** Follows a message of the same sender shortly before: its header is for screen readers only. */
  continued?: boolean;
}

/** A stored message with what it carries (quote, files, reactions, thread, pin) and its actions. */
export function MessageItem({ context, message, mine, seenBy, continued = false }: MessageItemProps) {
  const { client, roomId } = context;
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const actions = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const item = useRef<HTMLLIElement>(null);
  /** Where focus goes once the edit or the delete question is gone (the button that opened it, or the deleted message). */
  const focusAfter = useRef<'edit' | 'delete' | 'message' | null>(null);
  useEffect(() => {
    if (mode === 'edit') editor.current?.focus();
  }, [mode]);
  useEffect(() => {
    const after = focusAfter.current;
    if (!after || mode !== 'view') return;
    if (after === 'message' && !message.deleted) return; // until the delete arrives
    focusAfter.current = null;
    const target = after === 'edit' ? actions.current : after === 'delete' ? deleteButton.current : item.current;
    if (!target) return;
    if (target === item.current) target.tabIndex = -1;
    target.focus();
  }, [mode, message.deleted]);
  /** Back to the message, focus on `to`. */
  const leave = (to: 'edit' | 'delete' | 'message') => {
    focusAfter.current = to;
    setError(null); // a refusal of the edit or delete left behind goes with it
    setMode('view');
  };

  if (message.type === 'system') {
    return (
      <li className="message message--system">
        <span>{message.content}</span>
      </li>
    );
  }

  const me = client.user!;
  const fail = (failure: unknown) => setError(describe(failure));
  const path = { params: { path: { id: roomId, messageId: message.id } } };
  async function save(content: string) {
    try {
      await unwrap(client.rest.PATCH('/api/v1/rooms/{id}/messages/{messageId}', { ...path, body: { content } }));
      leave('edit');
      setError(null);
    } catch (failure) {
      // A content rule's refusal: the editor stays open with the text as written, to be fixed.
      setError(blockedText(failure, 'saved') ?? describe(failure));
    }
  }
  async function remove() {
    try {
      await unwrap(client.rest.DELETE('/api/v1/rooms/{id}/messages/{messageId}', path));
      leave('message'); // its buttons are gone: the message itself ("Message deleted") takes the focus
    } catch (failure) {
      fail(failure);
    }
  }
  const onEditorKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') leave('edit');
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void save(e.currentTarget.value);
    }
  };

  const author = message.sender?.display_name ?? 'Deleted user';
  const live = !message.deleted && mode === 'view';
  // Parley's rule (message.revisions): the sender while the message lives, the room's moderators always.
  const edited = !!message.edited_at || message.deleted;
  const mayReadHistory = edited && (context.canModerate === true || (mine && !message.deleted));
  const reportable = !mine && !message.deleted;
  const classes = ['message', mine && 'message--mine', continued && 'message--continued', mentionsMe(message, me.username) && 'message--mentions-me'];
  return (
    <li ref={item} className={classes.filter(Boolean).join(' ')} data-seq={message.seq} data-id={message.id}>
      <div className={continued ? 'message__meta sr-only' : 'message__meta'}>
        <span className="message__author">{author}</span> <time dateTime={message.created_at}>{timeOf(message.created_at)}</time>
      </div>
      {message.pinned_at && !message.deleted && <span className="message__pinned">📌 Pinned</span>}
      {message.reply_to_id && !message.deleted && (
        <QuotedMessage client={client} roomId={roomId} id={message.reply_to_id} known={context.byId(message.reply_to_id)} />
      )}
      {message.deleted ? (
        <p className="message__body message__body--deleted">Message deleted</p>
      ) : mode === 'edit' ? (
        <form className="message__edit" onSubmit={(e) => (e.preventDefault(), void save(editor.current!.value))}>
          <label className="sr-only" htmlFor={`edit-${message.id}`}>
            Edit message
          </label>
          <textarea id={`edit-${message.id}`} ref={editor} defaultValue={message.content} onKeyDown={onEditorKey} rows={2} maxLength={4000} />
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => leave('edit')}>
            Cancel
          </button>
        </form>
      ) : (
        message.content && (
          <div className="message__body">
            {formatMessage(message.content, { mentions: message.mentions?.map((m) => m.username), me: me.username })}
          </div>
        )
      )}
      {message.edited_at && !message.deleted && mode === 'view' && <span className="message__edited">(edited)</span>}
      {!message.deleted && <Attachments client={client} files={message.attachments ?? []} />}
      {!message.deleted && <Reactions client={client} roomId={roomId} message={message} canReact={context.canReact} onError={fail} />}
      {live && (
        <MessageActions
          context={context}
          message={message}
          mine={mine}
          editButton={actions}
          deleteButton={deleteButton}
          onEdit={() => setMode('edit')}
          onDelete={() => setMode('confirm-delete')}
          onHistory={mayReadHistory ? () => setShowHistory(true) : undefined}
          onError={fail}
        />
      )}
      {reportable && (
        <div className="message__actions">
          <ReportMessageButton client={client} roomId={roomId} message={message} />
        </div>
      )}
      {message.deleted && mayReadHistory && (
        <div className="message__actions">
          <HistoryButton message={message} onOpen={() => setShowHistory(true)} />
        </div>
      )}
      {showHistory && (
        <Suspense fallback={<p role="status">Loading the history…</p>}>
          <HistoryDialog client={client} roomId={roomId} messageId={message.id} message={message} onClose={() => setShowHistory(false)} />
        </Suspense>
      )}
      {mode === 'confirm-delete' && (
        <div
          className="message__actions message__actions--shown"
          role="group"
          aria-label="Confirm delete"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation(); // not the panel around the message
            leave('delete');
          }}
        >
          <span>Delete this message?</span>
          <button type="button" className="danger" onClick={() => void remove()} autoFocus>
            Delete
          </button>
          <button type="button" className="secondary" onClick={() => leave('delete')}>
            Keep
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!message.deleted && (message.reply_count ?? 0) > 0 && context.onOpenThread && (
        <ThreadSummary context={context} message={message} onOpen={context.onOpenThread} />
      )}
      {seenBy && <p className="receipt">{seenBy}</p>}
    </li>
  );
}

/** A root's replies: how many, who (the first three repliers), when the last came; opens the thread. */
function ThreadSummary({ context, message, onOpen }: { context: MessageContext; message: Message; onOpen: (m: Message) => void }) {
  const count = message.reply_count ?? 0;
  const label = count === 1 ? '1 reply in thread' : `${count} replies in thread`;
  const people = (message.thread_participants ?? []).map((id) => (id === context.client.user?.id ? 'you' : (context.nameOf(id) ?? 'someone')));
  return (
    <p className="message__thread">
      <button type="button" className="link" onClick={() => onOpen(message)}>
        {label}
      </button>
      {people.length > 0 && <span className="message__participants"> · {people.join(', ')}</span>}
      {message.last_reply_at && (
        <span className="hint">
          {' '}
          · last <time dateTime={message.last_reply_at}>{timeOf(message.last_reply_at)}</time>
        </span>
      )}
    </p>
  );
}

/** An own message the server has not confirmed yet: shown at once, with its state and a retry when it failed. */
export function PendingItem({ client, item }: { client: ParleyClient; item: OutgoingMessage }) {
  const files = item.attachments?.length ?? 0;
  return (
    <li className={`message message--mine message--${item.state}`}>
      {item.content && <div className="message__body">{item.content}</div>}
      {files > 0 && <p className="hint">{files === 1 ? '1 file' : `${files} files`}</p>}
      {item.state === 'failed' ? (
        <p className="receipt receipt--failed">
          Not sent{item.error ? `: ${item.error.message}` : ''}.{' '}
          <button type="button" className="link" onClick={() => client.retry(item.client_message_id)}>
            Retry
          </button>
        </p>
      ) : (
        <p className="receipt">{item.state === 'sent' ? 'Sent' : 'Sending…'}</p>
      )}
    </li>
  );
}
