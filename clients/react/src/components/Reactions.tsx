import { type Message, type ParleyClient, unwrap, type User } from '@parley/client';
import { useEffect, useRef, useState } from 'react';
import { emojiName } from '../reactions';

type Path = { params: { path: { id: string; messageId: string; emoji: string } } };

/** Adds or takes back the reader's reaction; the room hears of it through `reaction:added` / `reaction:removed`. */
export async function toggleReaction(client: ParleyClient, roomId: string, messageId: string, emoji: string, mine: boolean): Promise<void> {
  const path: Path = { params: { path: { id: roomId, messageId, emoji } } };
  if (mine) await unwrap(client.rest.DELETE('/api/v1/rooms/{id}/messages/{messageId}/reactions/{emoji}', path));
  else await unwrap(client.rest.PUT('/api/v1/rooms/{id}/messages/{messageId}/reactions/{emoji}', path));
}

/**
 * A message's reactions: one toggle per emoji with its count, pressed when the
 * reader reacted; who reacted is read when a chip is hovered or focused (title and description).
 */
export function Reactions({
  client,
  roomId,
  message,
  canReact,
  onError,
}: {
  client: ParleyClient;
  roomId: string;
  message: Message;
  canReact: boolean;
  onError: (failure: unknown) => void;
}) {
  const [who, setWho] = useState<Record<string, string>>({});
  /** The chip last hovered or focused: its names are read, and read again when its count changes. */
  const [active, setActive] = useState<string | null>(null);
  const reactions = message.reactions ?? [];
  const activeCount = reactions.find((r) => r.emoji === active)?.count ?? 0;

  useEffect(() => {
    if (active && activeCount > 0) void loadWho(active, activeCount);
  }, [active, activeCount]);

  /** The message whose chip the reader took their only reaction back from: when the chip goes, focus stays on the message. */
  const refocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const item = refocus.current;
    if (!item) return;
    const now = document.activeElement;
    if (now && now !== document.body) {
      if (!item.contains(now)) refocus.current = null; // the reader moved on
      return;
    }
    refocus.current = null;
    const next = item.querySelector<HTMLElement>('.reaction') ?? item.querySelector<HTMLElement>('.message__actions button');
    if (next) next.focus();
    else {
      item.tabIndex = -1;
      item.focus();
    }
  }, [reactions]);

  if (reactions.length === 0) return null;

  async function loadWho(emoji: string, count: number) {
    const key = `${emoji} ${count}`;
    if (who[key]) return;
    const page = await unwrap<{ results: { user: User }[] }>(
      client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}/reactions/{emoji}', {
        params: { path: { id: roomId, messageId: message.id, emoji }, query: { limit: 20 } },
      }),
    ).catch(() => null);
    if (!page) return;
    const names = page.results.map((r) => (r.user.id === client.user?.id ? 'you' : r.user.display_name));
    const more = count - names.length;
    setWho((prev) => ({ ...prev, [key]: `${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}` }));
  }

  return (
    <ul className="reactions" aria-label="Reactions">
      {reactions.map((r, i) => {
        const names = who[`${r.emoji} ${r.count}`];
        const descriptionId = `who-${message.id}-${i}`;
        return (
          <li key={r.emoji}>
            <button
              type="button"
              className={`reaction${r.me ? ' reaction--mine' : ''}`}
              aria-pressed={r.me}
              aria-label={`${emojiName(r.emoji)}: ${r.count}${r.me ? ', including you' : ''}`}
              aria-describedby={names ? descriptionId : undefined}
              title={names ? `Reacted: ${names}` : undefined}
              aria-disabled={canReact ? undefined : true}
              onMouseEnter={() => setActive(r.emoji)}
              onFocus={() => setActive(r.emoji)}
              onClick={(e) => {
                if (!canReact) return;
                if (r.me && r.count === 1) refocus.current = e.currentTarget.closest<HTMLElement>('.message');
                toggleReaction(client, roomId, message.id, r.emoji, r.me).catch(onError);
              }}
            >
              <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
            </button>
            {names && (
              <span className="sr-only" id={descriptionId}>
                Reacted: {names}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
