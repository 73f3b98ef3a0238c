import { type ParleyClient, type Room, type User, unwrap } from '@parley/client';
import { useEffect, useRef, useState } from 'react';

/**
 * Names for the ids that reports and audit entries carry (rooms, users), fetched once each.
 * A room or user that is gone, or that the viewer may not read, keeps its id.
 */
export function useNames(client: ParleyClient, ids: { users?: (string | null | undefined)[]; rooms?: (string | null | undefined)[] }) {
  const [names, setNames] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());
  const wanted = [...(ids.users ?? []).map((id) => id && `user:${id}`), ...(ids.rooms ?? []).map((id) => id && `room:${id}`)].filter(
    (key): key is string => !!key,
  );
  const missing = wanted.filter((key) => !asked.current.has(key)).join(',');

  useEffect(() => {
    for (const key of missing ? missing.split(',') : []) {
      asked.current.add(key);
      const [kind, id] = key.split(':');
      const found =
        kind === 'user'
          ? unwrap<User>(client.rest.GET('/api/v1/users/{id}', { params: { path: { id } } })).then((u) => `${u.display_name} (@${u.username})`)
          : unwrap<Room>(client.rest.GET('/api/v1/rooms/{id}', { params: { path: { id } } })).then((r) => r.name ?? 'Untitled room');
      found.then(
        (name) => setNames((prev) => ({ ...prev, [key]: name })),
        () => undefined,
      );
    }
  }, [client, missing]);

  return {
    user: (id: string | null | undefined) => (id ? (names[`user:${id}`] ?? id) : 'nobody'),
    room: (id: string | null | undefined) => (id ? (names[`room:${id}`] ?? id) : '—'),
  };
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : '—');
