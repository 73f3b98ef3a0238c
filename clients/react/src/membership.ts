import type { components, Member, ParleyClient, Room } from '@parley/client';
import { useEffect, useMemo, useState } from 'react';

/** A member as REST and the member events carry it: with `muted_until` (not in the SDK's `Member` type yet). */
export type RoomMember = Member & Pick<components['schemas']['MemberResponse'], 'muted_until'>;

/** A mute still in force, or null. */
export function activeMute(member: Member | undefined, now = Date.now()): string | null {
  const until = (member as RoomMember | undefined)?.muted_until ?? null;
  return until && Date.parse(until) > now ? until : null;
}

/**
 * The room as I stand in it now: my role from the members list (which follows member:updated
 * live, so a promotion shows at once) and my mute, which lifts itself when its time comes.
 */
export function useMyMembership<R extends Room | null>(room: R, members: Member[], meId: string): { room: R; mutedUntil: string | null } {
  const mine = members.find((m) => m.user.id === meId);
  const [now, setNow] = useState(Date.now());
  const mutedUntil = activeMute(mine, now);
  useEffect(() => {
    if (!mutedUntil) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(Date.parse(mutedUntil) - Date.now() + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [mutedUntil]);
  const role = mine?.role;
  const effective = useMemo(() => (room && role && room.my_role !== role ? { ...room, my_role: role } : room), [room, role]);
  return { room: effective, mutedUntil };
}

/** Owners and admins of the room, and global admins (who act as owners everywhere). */
export function canManage(client: ParleyClient, room: Room): boolean {
  return room.my_role === 'owner' || room.my_role === 'admin' || client.user?.role === 'admin';
}
