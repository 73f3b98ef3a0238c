import type { ParleyClient, Room } from '@parley/client';
import { useEffect, useRef, useState } from 'react';
import { navigate } from '../router';
import { roomTitle } from '../session';
import type { RoomsState } from '../store';
import { useRoom } from '../useRoom';
import { Composer } from './Composer';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { RoomSettings } from './RoomSettings';
import { useMyMembership } from '../membership';

/** Why the user cannot write here, if they cannot. */
function blocked(room: Room, mutedUntil: string | null): string | null {
  if (room.is_archived) return 'This room is archived (read only)';
  if (mutedUntil) return `You are muted until ${new Date(mutedUntil).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}`;
  if (!room.is_active) return 'This room is inactive';
  if (room.posting === 'admins' && room.my_role === 'member') return 'Only owners and admins post in this room';
  return null;
}

/** One room: history, composer, typing, receipts, members. */
export function RoomView({ client, roomId, rooms }: { client: ParleyClient; roomId: string; rooms: RoomsState }) {
  const data = useRoom(client, roomId);
  const [showMembers, setShowMembers] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const me = client.user!;
  // My role and mute follow member:updated live (the room's own my_role is as loaded).
  const { room, mutedUntil } = useMyMembership(data.room, data.members, me.id);

  // A room opened from the list: focus its heading so screen readers announce it.
  useEffect(() => heading.current?.focus(), [room?.id]);

  // Read while looking at it: up to the newest message, when the tab is visible.
  const newest = data.messages[data.messages.length - 1]?.seq;
  useEffect(() => {
    if (!room?.my_role || newest === undefined) return;
    const mark = () => document.visibilityState === 'visible' && void client.markRead(roomId, newest).catch(() => undefined);
    const timer = setTimeout(mark, 250);
    document.addEventListener('visibilitychange', mark);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', mark);
    };
  }, [client, roomId, newest, room?.my_role]);

  if (data.error) {
    return (
      <section className="panel" aria-labelledby="room-error">
        <h1 id="room-error">Room unavailable</h1>
        <p role="alert">{data.error}</p>
        <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          Back to your rooms
        </a>
      </section>
    );
  }
  if (!room) return <p role="status">Loading room…</p>;

  const title = rooms.partners[room.id]?.display_name ?? roomTitle(room, me.username);
  const typing = data.typists.map((id) => data.members.find((m) => m.user.id === id)?.user.display_name ?? 'Someone');
  return (
    <div className={`room${showMembers ? ' room--members' : ''}`}>
      <section className="room__chat" aria-labelledby="room-title">
        <header className="room__header">
          <a className="back" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            <span aria-hidden="true">←</span> Rooms
          </a>
          <div>
            <h1 id="room-title" tabIndex={-1} ref={heading}>
              {title}
            </h1>
            {room.description && <p className="room__description">{room.description}</p>}
          </div>
          <button type="button" className="secondary" aria-expanded={showMembers} aria-controls="members" onClick={() => setShowMembers((v) => !v)}>
            Members ({data.members.length || room.participant_count})
          </button>
          {(room.my_role || client.user?.role === 'admin') && (
            <button type="button" className="secondary" onClick={() => setShowSettings(true)}>
              Room settings
            </button>
          )}
        </header>
        <MessageList client={client} data={data} roomId={roomId} canWrite={room.my_role !== null} />
        <p className="typing" aria-live="polite">
          {typing.length === 1 ? `${typing[0]} is typing…` : typing.length > 1 ? `${typing.join(', ')} are typing…` : ''}
        </p>
        {room.my_role ? (
          <>
            {room.slow_mode_seconds > 0 && room.my_role === 'member' && (
              <p className="room__notice">Slow mode: one message every {room.slow_mode_seconds} s. Messages you write wait their turn.</p>
            )}
            <Composer
              client={client}
              roomId={roomId}
              disabled={blocked(room, mutedUntil) !== null}
              placeholder={blocked(room, mutedUntil) ?? undefined}
            />
          </>
        ) : (
          <p className="join-hint">
            You are reading a public room.{' '}
            <button
              type="button"
              onClick={() =>
                void client.rest
                  .POST('/api/v1/rooms/{id}/join', { params: { path: { id: roomId } } })
                  .then(() => rooms.reload())
                  .then(() => location.reload())
              }
            >
              Join to write
            </button>
          </p>
        )}
      </section>
      {showMembers && <MembersPanel client={client} room={room} members={data.members} onClose={() => setShowMembers(false)} />}
      {showSettings && (
        <RoomSettings
          client={client}
          room={room}
          muted={rooms.rooms.find((r) => r.id === room.id)?.notifications_muted ?? room.notifications_muted}
          onClose={() => setShowSettings(false)}
        />
      )}
    </div>
  );
}
