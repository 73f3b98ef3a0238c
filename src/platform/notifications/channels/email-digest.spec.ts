import type { UnreadItem } from '../store/notification-outbox.repository';
import { renderDigest } from './email-digest';

const item = (over: Partial<UnreadItem>): UnreadItem => ({
  id: 'm1',
  room_id: 'r1',
  seq: 1,
  content: 'hello <b>there</b>',
  created_at: new Date(0),
  room_label: 'Design & Co',
  sender_name: 'Alice',
  ...over,
});
const opts = { publicUrl: 'https://chat.example.com/', showText: false, unsubscribeUrl: 'https://chat.example.com/u?x=1&y=2' };

describe(renderDigest.name, () => {
  it('links each message and leaves the text out unless allowed', () => {
    const mail = renderDigest('Bob', [item({}), item({ id: 'm2', seq: 2 })], opts);
    expect(mail.subject).toBe('2 unread messages on Parley');
    expect(mail.text).toContain('https://chat.example.com/rooms/r1?message=m1&seq=1');
    expect(mail.text).toContain('https://chat.example.com/rooms/r1?message=m2&seq=2');
    expect(mail.text).not.toContain('hello');
    expect(renderDigest('Bob', [item({})], { ...opts, showText: true }).text).toContain('Alice in Design & Co: hello <b>there</b>');
  });

  it('escapes names and text in the HTML part', () => {
    const mail = renderDigest('<script>', [item({})], { ...opts, showText: true });
    expect(mail.subject).toBe('New message in Design & Co');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('hello &lt;b&gt;there&lt;/b&gt;');
    expect(mail.html).toContain('href="https://chat.example.com/u?x=1&amp;y=2"');
    expect(mail.html).not.toContain('<b>');
  });
});
