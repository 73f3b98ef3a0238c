/** Mentions a message may name at most (the rest are plain text): bounds the resolving query. */
export const MAX_MENTIONS = 20;
export const ROOM_MENTIONS = ['room', 'here'];

// `@name` at the start or after a character that cannot be part of an address or a name
// (so `bob@example.com` mentions nobody). Usernames are lower-case `[a-z0-9_.-]`.
const MENTION = /(?<![\w.@-])@([a-z0-9_.-]{1,32})/gi;

/** The distinct lower-cased names a content mentions, in order, at most MAX_MENTIONS; a trailing dot is punctuation. */
export function mentionedNames(content: string): string[] {
  if (!content.includes('@')) return [];
  const names = new Set<string>();
  for (const match of content.matchAll(MENTION)) {
    const name = match[1].toLowerCase().replace(/[.-]+$/, '');
    if (name) names.add(name);
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names];
}
