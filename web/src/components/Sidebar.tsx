import type { ParleyClient } from '@parley/client';
import { useState } from 'react';
import { navigate } from '../router';
import { RoomList, type RoomsState } from '@parley/react';
import { NewRoomDialog } from './NewRoomDialog';

/** The side bar: new room, browse, mentions, invitations, and the room list (@parley/react's RoomList). */
export function Sidebar({ client, rooms, activeId }: { client: ParleyClient; rooms: RoomsState; activeId: string | null }) {
  const [creating, setCreating] = useState(false);
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
      <RoomList rooms={rooms} activeId={activeId} />
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
