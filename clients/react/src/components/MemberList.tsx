import { useParley } from '../context';
import { useMyMembership } from '../membership';
import { useRoom } from '../useRoom';
import { MembersPanel } from './MembersPanel';

/**
 * One room's members on their own (a `<Room>` has the same list behind its Members button): presence,
 * roles and timed mutes, live; for the room's owners and admins the actions on each member and invitations.
 */
export function MemberList({ roomId, onClose }: { roomId: string; onClose?: () => void }) {
  const { client } = useParley();
  const data = useRoom(client, roomId);
  const { room } = useMyMembership(data.room, data.members, client.user!.id);
  if (data.error) return <p role="alert">{data.error}</p>;
  if (!room) return <p role="status">Loading members…</p>;
  return <MembersPanel client={client} room={room} members={data.members} onClose={onClose} />;
}
