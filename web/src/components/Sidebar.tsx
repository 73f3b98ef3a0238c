import type { ParleyClient, Room } from '@parley/client';
import { useState } from 'react';
import { navigate } from '../router';
import { roomTitle } from '../session';
import type { RoomsState } from '../store';
import { NewRoomDialog } from './NewRoomDialog';
import { plainText } from '../format';

/** The room list: unread badges, last message, presence of direct-message partners. */
export function Sidebar({ client, rooms, activeId }: { client: ParleyClient; rooms: RoomsState; activeId: string | null }) {
  const [creating, setCreating] = useState(false);
  const me = client.user!;
  return (
    <nav className="sidebar" aria-label="Rooms">
      <div className="sidebar__actions">
        <button type="button" onClick={() => setCreating(true)}>
          New room
        </button>
        <a href="/browse" onClick={(e) => (e.preventDefault(), navigate('/browse'))}>
          Browse
        </a>
        <a href="/mentions" onClick={(e) => (e.preventDefault(), navigate('/mentions'))}>
          Mentions
          {rooms.mentions > 0 && (
            <span className="badge badge--mention" aria-label={`${rooms.mentions} unread`}>
              {rooms.mentions}
            </span>
          )}
        </a>
        <a href="/invitations" onClick={(e) => (e.preventDefault(), navigate('/invitations'))}>
          Invitations
          {rooms.invitations > 0 && (
            <span className="badge" aria-label={`${rooms.invitations} pending`}>
              {rooms.invitations}
            </span>
          )}
        </a>
      </div>
      <h2 className="sidebar__title">Your rooms</h2>
      {rooms.loaded && rooms.rooms.length === 0 && <p className="hint">No rooms yet.</p>}
      <ul className="rooms">
        {rooms.rooms.map((room) => (
          <RoomItem
            key={room.id}
            room={room}
            title={rooms.partners[room.id]?.display_name ?? roomTitle(room, me.username)}
            active={room.id === activeId}
            online={onlinePartner(rooms, room)}
          />
        ))}
      </ul>
      {creating && (
        <NewRoomDialog
          client={client}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void rooms.reload().then(() => navigate(`/rooms/${id}`));
          }}
        />
      )}
    </nav>
  );
}

function onlinePartner(rooms: RoomsState, room: Room): boolean | undefined {
  const partner = rooms.partners[room.id];
  return partner ? (rooms.online[partner.id] ?? false) : undefined;
}

function RoomItem({ room, title, active, online }: { room: Room; title: string; active: boolean; online: boolean | undefined }) {
  const last = room.last_message;
  const preview = last
    ? last.deleted
      ? 'Message deleted'
      : `${last.type === 'system' ? '' : `${last.sender?.display_name ?? 'Someone'}: `}${plainText(last.content) || (last.attachments?.[0]?.name ?? '')}`
    : 'No messages yet';
  return (
    <li>
      <a
        href={`/rooms/${room.id}`}
        className={`room-link${active ? ' room-link--active' : ''}`}
        aria-current={active ? 'page' : undefined}
        onClick={(e) => (e.preventDefault(), navigate(`/rooms/${room.id}`))}
      >
        <span className="room-link__name">
          {online !== undefined && <span className={`dot${online ? ' dot--on' : ''}`} role="img" aria-label={online ? 'online' : 'offline'} />}
          {title}
          {room.visibility === 'private' && room.room_type !== 'ONE_TO_ONE' && <span className="sr-only"> (private)</span>}
          {room.notifications_muted && <span className="muted-mark"> (muted)</span>}
        </span>
        <span className="room-link__badges">
          {(room.unread_mentions ?? 0) > 0 && (
            <span
              className="badge badge--mention"
              aria-label={`${room.unread_mentions} unread ${room.unread_mentions === 1 ? 'mention' : 'mentions'}`}
            >
              @{room.unread_mentions}
            </span>
          )}
          {room.unread_count > 0 && (
            <span className={`badge${room.notifications_muted ? ' badge--muted' : ''}`} aria-label={`${room.unread_count} unread`}>
              {room.unread_count}
            </span>
          )}
        </span>
        <span className="room-link__preview">{preview}</span>
      </a>
    </li>
  );
}
