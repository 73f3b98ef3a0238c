import { type Page, type ParleyClient, type Room, unwrap } from '@parley/client';
import { useEffect, useRef, useState } from 'react';
import { navigate } from '../router';
import { describe } from '@parley/react/internal';

/** Public rooms: open to read, join to take part. */
export function BrowseRooms({ client, onJoined }: { client: ParleyClient; onJoined: (roomId: string) => void }) {
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    unwrap<Page<Room>>(client.rest.GET('/api/v1/rooms/public', { params: { query: { page_size: 100 } } }))
      .then((page) => setRooms(page.results))
      .catch((failure: unknown) => setError(describe(failure)));
  }, [client]);

  async function join(room: Room) {
    try {
      await unwrap(client.rest.POST('/api/v1/rooms/{id}/join', { params: { path: { id: room.id } } }));
      onJoined(room.id);
    } catch (failure) {
      setError(describe(failure));
    }
  }

  return (
    <section className="panel" aria-labelledby="browse-title">
      <h1 id="browse-title" tabIndex={-1} ref={heading}>
        Public rooms
      </h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rooms === null && !error && <p role="status">Loading…</p>}
      {rooms?.length === 0 && <p>No public rooms yet.</p>}
      <ul className="cards">
        {rooms?.map((room) => (
          <li key={room.id} className="card">
            <h2>{room.name}</h2>
            {room.description && <p>{room.description}</p>}
            <p className="hint">
              {room.participant_count} {room.participant_count === 1 ? 'member' : 'members'}
            </p>
            {room.my_role ? (
              <a href={`/rooms/${room.id}`} onClick={(e) => (e.preventDefault(), navigate(`/rooms/${room.id}`))}>
                Open {room.name}
              </a>
            ) : (
              <button type="button" onClick={() => void join(room)}>
                Join {room.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
