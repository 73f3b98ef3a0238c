import type { Message, ReactionEvent } from '@parley/client';

/** A small set of common reactions (fully-qualified RGI emoji, as Parley accepts them). */
export const COMMON_EMOJI: [emoji: string, name: string][] = [
  ['👍', 'thumbs up'],
  ['❤️', 'red heart'],
  ['😂', 'tears of joy'],
  ['🎉', 'party popper'],
  ['😮', 'surprised'],
  ['😢', 'crying'],
  ['🙏', 'thank you'],
  ['👀', 'eyes'],
  ['🔥', 'fire'],
  ['✅', 'check mark'],
  ['👏', 'clapping'],
  ['🚀', 'rocket'],
  ['🤔', 'thinking'],
  ['💯', 'hundred points'],
  ['😄', 'smile'],
  ['👎', 'thumbs down'],
];

export function emojiName(emoji: string): string {
  return COMMON_EMOJI.find(([e]) => e === emoji)?.[1] ?? emoji;
}

/** A `reaction:added` / `reaction:removed` applied to a message: the emoji's new count, and `me` when it was the reader. */
export function withReaction(message: Message, event: ReactionEvent, meId: string, added: boolean): Message {
  const list = message.reactions ?? [];
  const known = list.find((r) => r.emoji === event.emoji);
  const me = event.user_id === meId ? added : (known?.me ?? false);
  const next = known
    ? list.map((r) => (r.emoji === event.emoji ? { ...r, count: event.count, me } : r))
    : [...list, { emoji: event.emoji, count: event.count, me }];
  return { ...message, reactions: next.filter((r) => r.count > 0) };
}

/**
 * A broadcast message (`message:updated`) carries `me: false` on every reaction:
 * keep the reader's own marks from the copy already shown.
 */
export function keepMine(previous: Message | undefined, next: Message): Message {
  if (!previous?.reactions?.some((r) => r.me) || !next.reactions) return next;
  const mine = new Set(previous.reactions.filter((r) => r.me).map((r) => r.emoji));
  return { ...next, reactions: next.reactions.map((r) => (mine.has(r.emoji) ? { ...r, me: true } : r)) };
}
