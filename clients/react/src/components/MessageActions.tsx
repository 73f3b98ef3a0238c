import { type Message, unwrap } from '@parley/client';
import { type RefObject, useRef, useState } from 'react';
import { snippet } from './Composer';
import { EmojiPicker } from './EmojiPicker';
import type { MessageContext } from './MessageItem';
import { toggleReaction } from './Reactions';

interface MessageActionsProps {
  context: MessageContext;
  message: Message;
  mine: boolean;
  /** Gets focus back after an edit, saved or not. */
  editButton: RefObject<HTMLButtonElement | null>;
  /** Gets focus back when a delete is not confirmed. */
  deleteButton?: RefObject<HTMLButtonElement | null>;
  onEdit: () => void;
  onDelete: () => void;
  /** Opens the edit history (given where the reader may read it: an edited message's sender, the room's moderators). */
  onHistory?: () => void;
  onError: (failure: unknown) => void;
}

/**
 * What can be done to a message, as far as the reader may: react (a picker of
 * common emoji), reply, open its thread, pin or unpin (owners and admins), edit
 * and delete (own), and its edit history (`onHistory`). Each button names the message for screen readers.
 */
export function MessageActions({ context, message, mine, editButton, deleteButton, onEdit, onDelete, onHistory, onError }: MessageActionsProps) {
  const { client, roomId } = context;
  const [picking, setPicking] = useState(false);
  const reactButton = useRef<HTMLButtonElement>(null);
  const about = snippet(message, 40);
  const path = { params: { path: { id: roomId, messageId: message.id } } };
  const togglePin = () =>
    unwrap(
      message.pinned_at
        ? client.rest.DELETE('/api/v1/rooms/{id}/pins/{messageId}', path)
        : client.rest.PUT('/api/v1/rooms/{id}/pins/{messageId}', path),
    ).catch(onError);
  const react = (emoji: string) => {
    setPicking(false);
    reactButton.current?.focus();
    const mineAlready = message.reactions?.some((r) => r.emoji === emoji && r.me) ?? false;
    toggleReaction(client, roomId, message.id, emoji, mineAlready).catch(onError);
  };

  return (
    <>
      <div className="message__actions">
        {context.canReact && (
          <button
            type="button"
            className="link"
            ref={reactButton}
            aria-haspopup="dialog"
            aria-expanded={picking}
            onClick={() => setPicking((v) => !v)}
            aria-label={`React to message: ${about}`}
          >
            React
          </button>
        )}
        {context.canWrite && context.onReply && (
          <button type="button" className="link" onClick={() => context.onReply!(message)} aria-label={`Reply to message: ${about}`}>
            Reply
          </button>
        )}
        {context.onOpenThread && !message.thread_root_id && (
          <button type="button" className="link" onClick={() => context.onOpenThread!(message)} aria-label={`Thread of message: ${about}`}>
            Thread
          </button>
        )}
        {context.canPin && (
          <button
            type="button"
            className="link"
            onClick={() => void togglePin()}
            aria-label={`${message.pinned_at ? 'Unpin' : 'Pin'} message: ${about}`}
          >
            {message.pinned_at ? 'Unpin' : 'Pin'}
          </button>
        )}
        {mine && context.canWrite && (
          <>
            <button type="button" className="link" ref={editButton} onClick={onEdit} aria-label={`Edit message: ${about}`}>
              Edit
            </button>
            <button type="button" className="link" ref={deleteButton} onClick={onDelete} aria-label={`Delete message: ${about}`}>
              Delete
            </button>
          </>
        )}
        {onHistory && <HistoryButton message={message} onOpen={onHistory} />}
      </div>
      {picking && (
        <EmojiPicker
          label={`Reactions for message: ${about}`}
          onPick={react}
          onClose={(returnFocus) => {
            setPicking(false);
            if (returnFocus) reactButton.current?.focus();
          }}
        />
      )}
    </>
  );
}

/** "History": opens a message's edit history (a modal dialog; focus returns here when it closes). */
export function HistoryButton({ message, onOpen }: { message: Message; onOpen: () => void }) {
  return (
    <button type="button" className="link" aria-haspopup="dialog" onClick={onOpen} aria-label={`Edit history of message: ${snippet(message, 40)}`}>
      History
    </button>
  );
}
