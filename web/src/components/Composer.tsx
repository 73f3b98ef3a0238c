import type { ParleyClient } from '@parley/client';
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';

/** Enter sends, Shift+Enter starts a new line; typing is announced (throttled by the SDK). */
export function Composer({
  client,
  roomId,
  disabled,
  placeholder,
}: {
  client: ParleyClient;
  roomId: string;
  disabled: boolean;
  placeholder?: string;
}) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);

  function send(event?: FormEvent) {
    event?.preventDefault();
    const content = text.trim();
    if (!content) return;
    client.send(roomId, content);
    setText('');
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  return (
    <form className="composer" onSubmit={send}>
      <label htmlFor="composer-input" className="sr-only">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={input}
        value={text}
        rows={1}
        maxLength={4000}
        placeholder={placeholder ?? 'Write a message'}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value) client.typing(roomId);
          else client.stopTyping(roomId);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <button type="submit" disabled={disabled || !text.trim()}>
        Send
      </button>
    </form>
  );
}
