import { type components, type ParleyClient, type Room, unwrap } from '@parley/client';
import { useCallback, useEffect, useState } from 'react';
import { describe } from '../errors';
import { useInvitationAnswer } from '../people';

type Invitation = components['schemas']['InvitationResponse'];
type Ban = components['schemas']['BanResponse'];

/**
 * A list loaded now, again after `changed` moves and on the events that can change it: member events,
 * an invitation accepted, declined or withdrawn (`invitationUpdated`, to the room's owners and admins);
 * Parley sends no event for a new invitation made by someone else or a ban list change of its own.
 */
function useReloading<T>(
  client: ParleyClient,
  load: () => Promise<T[]>,
  events: ('memberJoined' | 'memberLeft' | 'invitationUpdated')[],
  roomId: string,
  changed = 0,
) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      load().then(
        (list) => (setItems(list), setError(null)),
        (failure: unknown) => setError(describe(failure)),
      ),
    [load],
  );
  useEffect(() => {
    void reload();
    const offs = events.map((name) => client.on(name, (e) => e.room_id === roomId && void reload()));
    return () => offs.forEach((off) => off());
  }, [client, reload, roomId, changed]); // `events` is a constant list per caller
  return { items, error, setError, reload };
}

/** The room's pending invitations (owners and admins): who, by whom, and Withdraw. */
export function RoomInvitations({ client, room, changed }: { client: ParleyClient; room: Room; changed: number }) {
  const load = useCallback(
    () =>
      unwrap<{ results: Invitation[] }>(
        client.rest.GET('/api/v1/rooms/{id}/invitations', { params: { path: { id: room.id }, query: { page_size: 100 } } }),
      ).then((page) => page.results),
    [client, room.id],
  );
  const { items, error, setError, reload } = useReloading(client, load, ['memberJoined', 'invitationUpdated'], room.id, changed);
  const answer = useInvitationAnswer(client, room.id);
  async function withdraw(invitation: Invitation) {
    try {
      await unwrap(
        client.rest.DELETE('/api/v1/rooms/{id}/invitations/{invitationId}', { params: { path: { id: room.id, invitationId: invitation.id } } }),
      );
      await reload();
    } catch (failure) {
      setError(describe(failure));
    }
  }
  return (
    <section className="members__section" aria-labelledby="pending-title">
      <h3 id="pending-title">Pending invitations</h3>
      <p className="hint" role="status">
        {answer}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p className="hint">None.</p>}
      <ul>
        {items?.map((invitation) => (
          <li key={invitation.id} className="member">
            <span className="member__name">{invitation.invitee.display_name}</span>
            <span className="member__username">
              @{invitation.invitee.username}, invited by {invitation.invited_by.display_name}
            </span>
            <button type="button" className="link member__action" onClick={() => void withdraw(invitation)}>
              Withdraw<span className="sr-only"> the invitation of {invitation.invitee.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who is banned from the room (owners and admins), and Unban. */
export function RoomBans({ client, room }: { client: ParleyClient; room: Room }) {
  const load = useCallback(
    () =>
      unwrap<{ results: Ban[] }>(client.rest.GET('/api/v1/rooms/{id}/bans', { params: { path: { id: room.id }, query: { page_size: 100 } } })).then(
        (page) => page.results,
      ),
    [client, room.id],
  );
  const { items, error, setError, reload } = useReloading(client, load, ['memberLeft'], room.id);
  async function unban(ban: Ban) {
    try {
      await unwrap(client.rest.DELETE('/api/v1/rooms/{id}/bans/{userId}', { params: { path: { id: room.id, userId: ban.user.id } } }));
      await reload();
    } catch (failure) {
      setError(describe(failure));
    }
  }
  return (
    <section className="members__section" aria-labelledby="bans-title">
      <h3 id="bans-title">Banned</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p className="hint">Nobody.</p>}
      <ul>
        {items?.map((ban) => (
          <li key={ban.user.id} className="member">
            <span className="member__name">{ban.user.display_name}</span>
            <span className="member__username">
              @{ban.user.username}, since {new Date(ban.created_at).toLocaleDateString()}
            </span>
            <button type="button" className="link member__action" onClick={() => void unban(ban)}>
              Unban<span className="sr-only"> {ban.user.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
