import { Fragment, type ReactNode } from 'react';

/**
 * Chat formatting, rendered as React elements (never an HTML string, so nothing
 * in a message can become markup): ```code blocks```, `inline code`, **strong**,
 * *emphasis* or _emphasis_, [text](https://link), bare http(s) links and @mentions.
 * Links open in a new tab with rel="noopener noreferrer"; only http, https and
 * mailto addresses become links. Anything else stays text as written.
 */
export interface FormatOptions {
  /** Usernames the server resolved as mentions of this message (`message.mentions`). */
  mentions?: readonly string[];
  /** The reader's username: their mentions are marked more strongly. */
  me?: string;
}

const FENCE = /```([^\n`]*)\n?([\s\S]*?)```/g;
// One alternative per inline form; the first match from the left wins, its content is formatted again (no code inside code).
// Strong and emphasis never start or end inside a run of stars: a content rule's mask (`a ******* here`) stays as stored.
const INLINE =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)|(?<!\*)\*\*(?=[^\s*])([^\n]*?[^\s*])\*\*(?!\*)|(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])|((?:https?:\/\/)[^\s<>]*[^\s<>.,:;"'!?)\]])|(?<![\w.@-])@([a-z0-9_.-]{1,32})/gi;

export function formatMessage(content: string, options: FormatOptions = {}): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of content.matchAll(FENCE)) {
    if (match.index > last) out.push(...inline(content.slice(last, match.index), options, `t${last}`));
    const language = match[1].trim();
    out.push(
      <pre key={`c${match.index}`} className="code-block" data-language={language || undefined}>
        <code>{match[2].replace(/\n$/, '')}</code>
      </pre>,
    );
    last = match.index + match[0].length;
  }
  if (last < content.length) out.push(...inline(content.slice(last), options, `t${last}`));
  return out;
}

function inline(text: string, options: FormatOptions, key: string, depth = 0): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    const k = `${key}-${at}`;
    const inner = (s: string) => (depth < 4 ? inline(s, options, k, depth + 1) : [s]);
    if (m[1] !== undefined) out.push(<code key={k}>{m[1]}</code>);
    else if (m[2] !== undefined) out.push(link(k, m[3], inner(m[2])));
    else if (m[4] !== undefined) out.push(<strong key={k}>{inner(m[4])}</strong>);
    else if (m[5] !== undefined || m[6] !== undefined) out.push(<em key={k}>{inner(m[5] ?? m[6])}</em>);
    else if (m[7] !== undefined) out.push(link(k, m[7], [m[7]]));
    else out.push(mention(k, m[0], m[8], options));
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function link(key: string, href: string, children: ReactNode[]): ReactNode {
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** `@name` is highlighted when the server resolved it (or it is `@room` / `@here`); a trailing dot is punctuation, as on the server. */
function mention(key: string, raw: string, name: string, { mentions = [], me }: FormatOptions): ReactNode {
  const bare = name.replace(/[.-]+$/, '');
  const rest = name.slice(bare.length);
  const lower = bare.toLowerCase();
  const everyone = lower === 'room' || lower === 'here';
  if (!everyone && !mentions.includes(lower)) return <Fragment key={key}>{raw}</Fragment>;
  const mine = !everyone && me !== undefined && lower === me;
  return (
    <Fragment key={key}>
      <span className={mine ? 'mention mention--me' : 'mention'}>@{bare}</span>
      {rest}
    </Fragment>
  );
}

/** Whether the server resolved a mention of the reader in this message (`@room` / `@here` are not listed: see the `mention` event). */
export function mentionsMe(message: { mentions?: { username: string }[] }, me: string): boolean {
  return (message.mentions ?? []).some((m) => m.username === me);
}

/**
 * The same formatting read as plain text on one line (the room list's preview): code blocks and
 * inline code keep their text, links their label, strong and emphasis their words, mentions stay
 * `@name`; line breaks and runs of white space become one space. Never markup: the result is a string.
 */
export function plainText(content: string): string {
  const unfenced = content.replace(FENCE, (_all, _language: string, code: string) => ` ${code} `);
  return plainInline(unfenced).replace(/\s+/g, ' ').trim();
}

function plainInline(text: string, depth = 0): string {
  return text.replace(INLINE, (whole: string, ...groups: (string | undefined)[]) => {
    const [code, label, , strong, star, underscore] = groups;
    const inner = (s: string) => (depth < 4 ? plainInline(s, depth + 1) : s);
    if (code !== undefined) return code;
    if (label !== undefined) return inner(label);
    if (strong !== undefined) return inner(strong);
    if (star !== undefined || underscore !== undefined) return inner((star ?? underscore)!);
    return whole; // a bare link or a mention reads as written
  });
}
