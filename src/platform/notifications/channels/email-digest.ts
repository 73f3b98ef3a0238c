import type { UnreadItem } from '../store/notification-outbox.repository';

export interface DigestMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const excerpt = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/** A message's place in the web app: the room, opened at the message (the app reads `seq`; `message` names it for other clients). */
export const messageLink = (publicUrl: string, item: Pick<UnreadItem, 'room_id' | 'id' | 'seq'>) =>
  `${publicUrl.replace(/\/+$/, '')}/rooms/${item.room_id}?message=${item.id}&seq=${item.seq}`;

/** The digest of unread direct messages and mentions, as plain text and HTML; message text only when allowed. */
export function renderDigest(name: string, items: UnreadItem[], opts: { publicUrl: string; showText: boolean; unsubscribeUrl: string }): DigestMail {
  const subject = items.length === 1 ? `New message in ${items[0].room_label}` : `${items.length} unread messages on Parley`;
  const line = (i: UnreadItem) => `${i.sender_name ?? 'Someone'} in ${i.room_label}${opts.showText ? `: ${excerpt(i.content)}` : ''}`;
  const text = [
    `Hello ${name},`,
    '',
    `You have ${items.length === 1 ? 'an unread message' : `${items.length} unread messages`}:`,
    '',
    ...items.flatMap((i) => [`- ${line(i)}`, `  ${messageLink(opts.publicUrl, i)}`]),
    '',
    `Stop these emails: ${opts.unsubscribeUrl}`,
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(name)},</p>`,
    `<p>You have ${items.length === 1 ? 'an unread message' : `${items.length} unread messages`}:</p>`,
    '<ul>',
    ...items.map((i) => `<li><a href="${escapeHtml(messageLink(opts.publicUrl, i))}">${escapeHtml(line(i))}</a></li>`),
    '</ul>',
    `<p><a href="${escapeHtml(opts.unsubscribeUrl)}">Stop these emails</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
