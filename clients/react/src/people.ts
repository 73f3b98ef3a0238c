import type { Member, Message, ParleyClient, User } from '@parley/client';
import { useEffect, useState } from 'react';

/**
 * A profile change heard live (`userUpdated`, viewer-neutral: no e-mail address) applied to what
 * the screen holds: the member list and the senders of loaded messages. Fields the event does not
 * carry (an e-mail address shown to an admin) stay.
 */
export function renameMembers(members: Member[], user: User): Member[] {
  return members.some((m) => m.user.id === user.id)
    ? members.map((m) => (m.user.id === user.id ? { ...m, user: { ...m.user, ...user } } : m))
    : members;
}

export function renameSenders(bySeq: Map<number, Message>, user: User): Map<number, Message> {
  let next: Map<number, Message> | null = null;
  for (const [seq, m] of bySeq) {
    if (m.sender?.id !== user.id) continue;
    next ??= new Map(bySeq);
    next.set(seq, { ...m, sender: { ...m.sender, ...user } });
  }
  return next ?? bySeq;
}

/** The same for a list of messages (the thread's root, the pinned list, search hits); the list itself when nobody was renamed. */
export function renameInMessages<T, M extends { sender?: { id: string } | null }>(
  items: T[],
  user: User,
  messageOf: (item: T) => M,
  withMessage: (item: T, m: M) => T,
): T[] {
  if (!items.some((item) => messageOf(item).sender?.id === user.id)) return items;
  return items.map((item) => {
    const m = messageOf(item);
    return m.sender?.id === user.id ? withMessage(item, { ...m, sender: { ...m.sender, ...user } }) : item;
  });
}

/** `renameInMessages` for a plain list of messages. */
export const renameMessages = (messages: Message[], user: User): Message[] =>
  renameInMessages(
    messages,
    user,
    (m) => m,
    (_m, renamed) => renamed,
  );

/** Why a member is no longer in the room, in words (member:left's `reason`, the SDK's `roomGone` code). */
export function departure(name: string, reason: string): string {
  if (reason === 'banned') return `${name} was banned from the room.`;
  if (reason === 'removed') return `${name} was removed from the room.`;
  return `${name} left the room.`;
}

/** What the room view says when I am no longer in it. */
export function goneFromRoom(code: string): string {
  if (code === 'banned') return 'You were banned from this room.';
  if (code === 'removed') return 'You were removed from this room.';
  if (code === 'left') return 'You left this room.';
  if (code === 'room_deleted') return 'This room was deleted.';
  return 'You are no longer in this room.';
}

/** The newest departure from the room heard live, in words (for a polite status line), until the room changes. */
export function useDeparture(client: ParleyClient, roomId: string): string | null {
  const [said, setSaid] = useState<{ roomId: string; text: string } | null>(null);
  useEffect(
    () =>
      client.on('memberLeft', (e) => {
        if (e.room_id === roomId) setSaid({ roomId, text: departure(e.member.user.display_name, e.reason) });
      }),
    [client, roomId],
  );
  return said?.roomId === roomId ? said.text : null;
}

/** The newest answer to one of the room's invitations heard live (`invitationUpdated`), in words. */
export function useInvitationAnswer(client: ParleyClient, roomId: string): string | null {
  const [said, setSaid] = useState<{ roomId: string; text: string } | null>(null);
  useEffect(
    () =>
      client.on('invitationUpdated', (i) => {
        if (i.room_id !== roomId) return;
        const name = i.invitee.display_name;
        const text =
          i.status === 'accepted'
            ? `${name} accepted the invitation.`
            : i.status === 'declined'
              ? `${name} declined the invitation.`
              : `The invitation of ${name} was withdrawn.`;
        setSaid({ roomId, text });
      }),
    [client, roomId],
  );
  return said?.roomId === roomId ? said.text : null;
}
