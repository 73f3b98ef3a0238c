import type { Member, Message, ParleyClient } from '@parley/client';
import { type ClipboardEvent, type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { blockedText } from '../errors';
import { formatBytes } from '../files';
import type { Uploads } from '../useUploads';
import { MentionSuggestions, useMentionAutocomplete } from './MentionSuggestions';

interface ComposerProps {
  client: ParleyClient;
  roomId: string;
  disabled: boolean;
  placeholder?: string;
  /** The composer's files (the room view also feeds it files dropped anywhere on the room). */
  uploads: Uploads;
  /** The textbox's accessible name. */
  label?: string;
  /** A reply in this thread (the thread panel's composer). */
  threadRootId?: string;
  /** Quoting this message (reply_to_id). */
  replyTo?: Message | null;
  onCancelReply?: () => void;
  /** For @ autocomplete. */
  members?: Member[];
  autoFocus?: boolean;
}

/** Enter sends, Shift+Enter starts a new line; typing is announced (throttled by the SDK); files upload as they are added. */
export function Composer({
  client,
  roomId,
  disabled,
  placeholder,
  uploads,
  label = 'Message',
  threadRootId,
  replyTo,
  onCancelReply,
  members = [],
  autoFocus = true,
}: ComposerProps) {
  const [text, setText] = useState('');
  const [alsoInRoom, setAlsoInRoom] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const id = useId();
  const mentions = useMentionAutocomplete(members, client.user!.id, input, setText);
  /** Why the last message sent from here was refused by a content rule (its text is back in the box). */
  const [blocked, setBlocked] = useState<string | null>(null);
  /** The messages sent from this composer that the server has not answered yet. */
  const sentHere = useRef(new Set<string>());

  // A content rule's refusal comes back in the send's ack (the SDK's outbox): the draft returns to the box to be fixed.
  useEffect(
    () =>
      client.on('outgoing', (o) => {
        if (!sentHere.current.has(o.client_message_id) || o.state === 'sending') return;
        sentHere.current.delete(o.client_message_id);
        const reason = o.state === 'failed' ? blockedText(o.error, 'sent') : null;
        if (!reason) return;
        setBlocked(reason);
        setText((current) => (current.trim() ? current : o.content));
        input.current?.focus();
      }),
    [client],
  );

  const sendable = (text.trim() !== '' || uploads.ids.length > 0) && uploads.ready;

  function send(event?: FormEvent) {
    event?.preventDefault();
    const content = text.trim();
    if (!sendable) return;
    setBlocked(null);
    const outgoing = client.send(roomId, content, {
      attachments: uploads.ids.length ? uploads.ids : undefined,
      reply_to_id: replyTo?.id,
      thread_root_id: threadRootId,
      also_in_room: threadRootId ? alsoInRoom : undefined,
    });
    if (outgoing.state === 'sending') sentHere.current.add(outgoing.client_message_id);
    setText('');
    uploads.clear();
    onCancelReply?.();
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mentions.onKeyDown(event)) return;
    if (event.key === 'Escape' && replyTo) onCancelReply?.();
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    uploads.add(files);
  }

  const replyName = replyTo?.sender?.display_name ?? 'Deleted user';
  return (
    <form className="composer" onSubmit={send} aria-label={threadRootId ? 'Reply in thread' : 'Write a message'}>
      {replyTo && (
        <div className="composer__reply" id={`${id}-reply`}>
          <span>
            Replying to <strong>{replyName}</strong>: {snippet(replyTo)}
          </span>
          <button type="button" className="link" onClick={onCancelReply} aria-label={`Cancel reply to ${replyName}`}>
            Cancel
          </button>
        </div>
      )}
      {(uploads.files.length > 0 || uploads.notice) && <FileList uploads={uploads} hintId={`${id}-limits`} />}
      <div className="composer__row">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            uploads.add(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
          }}
        />
        <button
          type="button"
          className="secondary composer__attach"
          onClick={() => picker.current?.click()}
          disabled={disabled}
          aria-label="Attach files"
          aria-describedby={`${id}-limits-always`}
          title="Attach files (or drop or paste them)"
        >
          <span aria-hidden="true">📎</span>
        </button>
        <span className="sr-only" id={`${id}-limits-always`}>
          {uploads.limits}
        </span>
        <label htmlFor={`${id}-input`} className="sr-only">
          {label}
        </label>
        <textarea
          id={`${id}-input`}
          ref={input}
          value={text}
          rows={1}
          maxLength={4000}
          placeholder={placeholder ?? (threadRootId ? 'Reply in thread' : 'Write a message')}
          disabled={disabled}
          aria-describedby={[replyTo && `${id}-reply`, blocked && `${id}-blocked`].filter(Boolean).join(' ') || undefined}
          aria-invalid={blocked ? true : undefined}
          {...mentions.inputProps}
          onChange={(e) => {
            setText(e.target.value);
            mentions.onChange(e.target);
            if (e.target.value) client.typing(roomId);
            else client.stopTyping(roomId);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={mentions.close}
          autoFocus={autoFocus}
        />
        <button type="submit" disabled={disabled || !sendable}>
          Send
        </button>
      </div>
      {blocked && (
        <p className="error composer__blocked" role="alert" id={`${id}-blocked`}>
          {blocked}
        </p>
      )}
      <MentionSuggestions state={mentions} />
      {threadRootId && (
        <label className="composer__also">
          <input type="checkbox" checked={alsoInRoom} onChange={(e) => setAlsoInRoom(e.target.checked)} /> Also send to the room
        </label>
      )}
    </form>
  );
}

function FileList({ uploads, hintId }: { uploads: Uploads; hintId: string }) {
  return (
    <div className="composer__files">
      <ul aria-label="Files to send" aria-describedby={hintId}>
        {uploads.files.map((f) => (
          <li key={f.key} className={`upload${f.error ? ' upload--failed' : ''}`}>
            {f.preview && <img className="upload__preview" src={f.preview} alt="" />}
            <span className="upload__name">{f.name}</span> <span className="upload__size">{formatBytes(f.size)}</span>
            {f.error ? (
              <span className="upload__error" role="alert">
                {f.error}
              </span>
            ) : f.upload ? (
              <span className="upload__done">Ready</span>
            ) : (
              <progress max={1} value={f.progress} aria-label={`Uploading ${f.name}`} />
            )}
            <button type="button" className="link" onClick={() => uploads.remove(f.key)} aria-label={`Remove ${f.name}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {uploads.notice && (
        <p className="error" role="alert">
          {uploads.notice}
        </p>
      )}
      <p className="composer__hint" id={hintId}>
        {uploads.limits}
      </p>
    </div>
  );
}

/** A short text for a message: its first words, or its first file. */
export function snippet(message: Pick<Message, 'content' | 'attachments' | 'deleted'>, length = 60): string {
  if (message.deleted) return 'Message deleted';
  const text = message.content.trim() || (message.attachments?.length ? message.attachments[0].name : '');
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
