import type { ParleyClient } from '@parley/client';
import { Room, type RoomsState } from '@parley/react';
import { useState } from 'react';
import { navigate } from '../router';
import { RoomSettings } from './RoomSettings';

/**
 * The room at /rooms/{id}: @parley/react's Room with what belongs to the web app: the address
 * (`?seq=` opens it at a message, `?thread=` opens a thread), the way back, and the room settings dialog.
 */
export function RoomPage({ client, roomId, rooms }: { client: ParleyClient; roomId: string; rooms: RoomsState }) {
  const [query] = useState(() => new URLSearchParams(location.search));
  return (
    <Room
      roomId={roomId}
      title={rooms.partners[roomId]?.display_name}
      targetSeq={Number(query.get('seq')) || undefined}
      threadId={query.get('thread') ?? undefined}
      onBack={() => navigate('/')}
      onJoined={() => void rooms.reload().then(() => location.reload())}
      renderSettings={(room, close) => (
        <RoomSettings
          client={client}
          room={room}
          muted={rooms.rooms.find((r) => r.id === room.id)?.notifications_muted ?? room.notifications_muted}
          onClose={close}
        />
      )}
    />
  );
}
