import type { Room } from '@parley/client';
import { useParley } from '../context';
import { roomTitle } from '../display';
import { plainText } from '../format';
import { type RoomsState, useRooms } from '../store';

export interface RoomListProps {
  /** The room on screen: marked current, and its mentions are read as they come. */
  activeId?: string | null;
  /** Opens a room; by default the provider's `navigate` to `/rooms/{id}`, else the link itself. */
  onSelect?: (roomId: string) => void;
  /** The rooms state when the page already keeps one (`useRooms`); without it the list keeps its own. */
  rooms?: RoomsState;
}

/** The reader's rooms, most recent activity first: unread and mention badges, last message, presence of direct-message partners. */
export function RoomList({ rooms, ...props }: RoomListProps) {
  return rooms ? <RoomItems rooms={rooms} {...props} /> : <OwnRooms {...props} />;
}

function OwnRooms(props: Omit<RoomListProps, 'rooms'>) {
  const { client } = useParley();
  return <RoomItems rooms={useRooms(client, props.activeId ?? null)} {...props} />;
}

function RoomItems({ rooms, activeId, onSelect }: RoomListProps & { rooms: RoomsState }) {
  const { client, navigate } = useParley();
  const me = client.user!;
  const open = onSelect ?? (navigate ? (id: string) => navigate(`/rooms/${id}`) : undefined);
  return (
    <>
      {rooms.loaded && rooms.rooms.length === 0 && <p className="hint">No rooms yet.</p>}
      <ul className="rooms">
        {rooms.rooms.map((room) => (
          <RoomItem
            key={room.id}
            room={room}
            title={rooms.partners[room.id]?.display_name ?? roomTitle(room, me.username)}
            active={room.id === activeId}
            online={onlinePartner(rooms, room)}
            onOpen={open}
          />
        ))}
      </ul>
    </>
  );
}

function onlinePartner(rooms: RoomsState, room: Room): boolean | undefined {
  const partner = rooms.partners[room.id];
  return partner ? (rooms.online[partner.id] ?? false) : undefined;
}

function RoomItem({
  room,
  title,
  active,
  online,
  onOpen,
}: {
  room: Room;
  title: string;
  active: boolean;
  online: boolean | undefined;
  onOpen: ((id: string) => void) | undefined;
}) {
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
        onClick={onOpen && ((e) => (e.preventDefault(), onOpen(room.id)))}
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
