import { type Message, type ParleyClient, unwrap } from '@parley/client';

/** Waits for the next frame (the history re-renders after a page of older messages arrives). */
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Shows a message of the open room (a search hit): in the history, paging back to it when it is older
 * than what is loaded, scrolled to, marked and focused; a thread-only reply opens its thread instead.
 * Rejects with the reason in words when it cannot.
 */
export async function showMessage(
  client: ParleyClient,
  m: Message,
  loadBackTo: (seq: number) => Promise<void>,
  openThread: ((root: Message) => void) | undefined,
): Promise<void> {
  if (m.thread_root_id && !m.also_in_room) {
    const root = await unwrap<Message>(
      client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}', { params: { path: { id: m.room_id, messageId: m.thread_root_id } } }),
    ).catch(() => null);
    if (!root || !openThread) throw new Error('The thread of this reply could not be opened.');
    return openThread(root);
  }
  const find = () => document.querySelector<HTMLElement>(`.messages .message[data-seq="${m.seq}"]`);
  if (!find()) await loadBackTo(m.seq).catch(() => undefined);
  for (let tries = 0; tries < 60 && !find(); tries += 1) await frame();
  const target = find();
  if (!target) throw new Error('This message could not be shown in the history.');
  document.querySelectorAll('.messages .message--target').forEach((el) => el.classList.remove('message--target'));
  target.classList.add('message--target');
  target.scrollIntoView({ block: 'center' });
  target.tabIndex = -1;
  target.focus({ preventScroll: true });
}
