import { type Message, type OutgoingMessage, type ParleyClient, unwrap } from '@parley/client';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { timeOf } from '../session';
import { ReportMessageButton } from './ReportDialog';
import { describe } from './SignIn';

interface MessageItemProps {
  client: ParleyClient;
  message: Message;
  roomId: string;
  mine: boolean;
  canWrite: boolean;
  seenBy?: string;
  /** Follows a message of the same sender shortly before: its header is for screen readers only. */
  continued?: boolean;
}

/** A stored message; own ones can be edited and deleted in place. */
export function MessageItem({ client, message, roomId, mine, canWrite, seenBy, continued = false }: MessageItemProps) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [error, setError] = useState<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const actions = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode === 'edit') editor.current?.focus();
  }, [mode]);

  if (message.type === 'system') {
    return (
      <li className="message message--system">
        <span>{message.content}</span>
      </li>
    );
  }

  const path = { params: { path: { id: roomId, messageId: message.id } } };
  async function save(content: string) {
    try {
      await unwrap(client.rest.PATCH('/api/v1/rooms/{id}/messages/{messageId}', { ...path, body: { content } }));
      setMode('view');
      setError(null);
      queueMicrotask(() => actions.current?.focus());
    } catch (failure) {
      setError(describe(failure));
    }
  }
  async function remove() {
    try {
      await unwrap(client.rest.DELETE('/api/v1/rooms/{id}/messages/{messageId}', path));
      setMode('view');
    } catch (failure) {
      setError(describe(failure));
    }
  }
  const onEditorKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') setMode('view');
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void save(e.currentTarget.value);
    }
  };

  const author = message.sender?.display_name ?? 'Deleted user';
  return (
    <li className={`message${mine ? ' message--mine' : ''}${continued ? ' message--continued' : ''}`} data-seq={message.seq}>
      <div className={continued ? 'message__meta sr-only' : 'message__meta'}>
        <span className="message__author">{author}</span> <time dateTime={message.created_at}>{timeOf(message.created_at)}</time>
        {message.edited_at && !message.deleted && <span className="hint"> (edited)</span>}
      </div>
      {message.deleted ? (
        <p className="message__body message__body--deleted">Message deleted</p>
      ) : mode === 'edit' ? (
        <form className="message__edit" onSubmit={(e) => (e.preventDefault(), void save(editor.current!.value))}>
          <label className="sr-only" htmlFor={`edit-${message.id}`}>
            Edit message
          </label>
          <textarea id={`edit-${message.id}`} ref={editor} defaultValue={message.content} onKeyDown={onEditorKey} rows={2} maxLength={4000} />
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="message__body">{message.content}</p>
      )}
      {mine && canWrite && !message.deleted && mode === 'view' && (
        <div className="message__actions">
          <button
            type="button"
            className="link"
            ref={actions}
            onClick={() => setMode('edit')}
            aria-label={`Edit message: ${message.content.slice(0, 40)}`}
          >
            Edit
          </button>
          <button
            type="button"
            className="link"
            onClick={() => setMode('confirm-delete')}
            aria-label={`Delete message: ${message.content.slice(0, 40)}`}
          >
            Delete
          </button>
        </div>
      )}
      {!mine && !message.deleted && (
        <div className="message__actions">
          <ReportMessageButton client={client} roomId={roomId} message={message} />
        </div>
      )}
      {mode === 'confirm-delete' && (
        <div className="message__actions" role="group" aria-label="Confirm delete">
          <span>Delete this message?</span>
          <button type="button" className="danger" onClick={() => void remove()} autoFocus>
            Delete
          </button>
          <button type="button" className="secondary" onClick={() => setMode('view')}>
            Keep
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!message.deleted && (message.reply_count ?? 0) > 0 && (
        <p className="message__thread">{message.reply_count === 1 ? '1 reply' : `${message.reply_count} replies`} in thread</p>
      )}
      {seenBy && <p className="receipt">{seenBy}</p>}
    </li>
  );
}

/** An own message the server has not confirmed yet: shown at once, with its state and a retry when it failed. */
export function PendingItem({ client, item }: { client: ParleyClient; item: OutgoingMessage }) {
  return (
    <li className={`message message--mine message--${item.state}`}>
      <p className="message__body">{item.content}</p>
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
