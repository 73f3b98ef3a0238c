import { type components, type ParleyClient, type Room, unwrap } from '@parley/client';
import { useCallback, useEffect, useState } from 'react';
import { describe } from '@parley/react/internal';
import { when } from './names';

type Entry = components['schemas']['AuditEntryResponse'];

/**
 * The audit log, newest first: every room for global admins (`/admin/audit`, optionally one room),
 * one room at a time for its owners and admins (`/rooms/{id}/audit`). `?room_id=` preselects a room.
 */
export function AuditLog({ client, rooms }: { client: ParleyClient; rooms: Room[] }) {
  const admin = client.user?.role === 'admin';
  const [roomId, setRoomId] = useState(() => new URLSearchParams(location.search).get('room_id') ?? (admin ? '' : (rooms[0]?.id ?? '')));
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before?: string) => {
      if (!admin && !roomId) return setEntries([]);
      const query = { limit: 50, ...(before ? { before } : {}) };
      try {
        const page = await unwrap<{ next: string | null; results: Entry[] }>(
          admin
            ? client.rest.GET('/api/v1/admin/audit', { params: { query: { ...query, ...(roomId ? { room_id: roomId } : {}) } } })
            : client.rest.GET('/api/v1/rooms/{id}/audit', { params: { path: { id: roomId }, query } }),
        );
        setEntries((prev) => (before ? [...(prev ?? []), ...page.results] : page.results));
        setMore(page.next !== null);
        setError(null);
      } catch (failure) {
        setError(describe(failure));
      }
    },
    [client, admin, roomId],
  );
  useEffect(() => void load(), [load]);
  const choices = rooms.some((r) => r.id === roomId) || !roomId ? rooms : [...rooms, { id: roomId, name: 'This room' } as Room];

  return (
    <div>
      <div className="console__toolbar">
        <label htmlFor="audit-room">Room</label>
        <select id="audit-room" value={roomId} onChange={(e) => setRoomId(e.currentTarget.value)}>
          {admin && <option value="">All rooms and users</option>}
          {choices.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name ?? 'Untitled room'}
            </option>
          ))}
        </select>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries?.length === 0 && <p>Nothing recorded{roomId ? ' for this room' : ''} yet.</p>}
      {!!entries?.length && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries">
          <table className="console__table">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Room</th>
                <th scope="col">Reason and details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.created_at)}</td>
                  <td>{e.actor_name || 'system'}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.target_type ? `${e.target_type} ${e.target_name ?? e.target_id ?? ''}` : '—'}</td>
                  <td>{e.room_name ?? '—'}</td>
                  <td>
                    {e.reason}
                    {Object.keys(e.details).length > 0 && (
                      <span className="hint">
                        {' '}
                        {Object.entries(e.details)
                          .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
                          .join(' · ')}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" className="secondary" onClick={() => void load(entries?.[entries.length - 1]?.id)}>
          Load older entries
        </button>
      )}
    </div>
  );
}
