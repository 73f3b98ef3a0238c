import { type Member, type Page, type ParleyClient, type Room, type User, unwrap } from '@parley/client';
import { type FormEvent, useState } from 'react';
import { MemberRow } from './MemberRow';
import { useDeparture } from '../people';
import { RoomBans, RoomInvitations } from './RoomInvitations';
import { canManage } from '../membership';
import { describe } from '../errors';

/**
 * Members with roles, presence and timed mutes; for owners and admins the actions on each
 * member (roles, mute, remove, ban), inviting, the room's pending invitations and its bans.
 * The list follows member events live (useRoom reloads it); so do the invitations and bans.
 */
export function MembersPanel({ client, room, members, onClose }: { client: ParleyClient; room: Room; members: Member[]; onClose?: () => void }) {
  const manage = canManage(client, room);
  const [invited, setInvited] = useState(0);
  const departed = useDeparture(client, room.id);
  return (
    <aside className="members" id="members" aria-labelledby="members-title">
      <header className="members__header">
        <h2 id="members-title">Members</h2>
        {onClose && (
          <button type="button" className="link" onClick={onClose} aria-label="Close members">
            ✕
          </button>
        )}
      </header>
      <ul aria-label="Room members">
        {members.map((m) => (
          <MemberRow key={m.user.id} client={client} room={room} member={m} />
        ))}
      </ul>
      <p className="hint" role="status">
        {departed}
      </p>
      {manage && (
        <>
          <InviteForm client={client} room={room} onInvited={() => setInvited((n) => n + 1)} />
          <RoomInvitations client={client} room={room} changed={invited} />
          <RoomBans client={client} room={room} />
        </>
      )}
    </aside>
  );
}

function InviteForm({ client, room, onInvited }: { client: ParleyClient; room: Room; onInvited: () => void }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const username = String(new FormData(form).get('username')).trim().replace(/^@/, '').toLowerCase();
    try {
      const users = await unwrap<Page<User>>(client.rest.GET('/api/v1/users', { params: { query: { search: username, page_size: 20 } } }));
      const user = users.results.find((u) => u.username === username);
      if (!user) return setStatus({ ok: false, text: `No user named ${username}.` });
      await unwrap(client.rest.POST('/api/v1/rooms/{id}/invitations', { params: { path: { id: room.id } }, body: { user_id: user.id } }));
      setStatus({ ok: true, text: `Invited ${user.display_name}.` });
      form.reset();
      onInvited();
    } catch (failure) {
      setStatus({ ok: false, text: describe(failure) });
    }
  }

  return (
    <form className="invite" onSubmit={invite}>
      <label htmlFor="invite-username">Invite by username</label>
      <div className="invite__row">
        <input id="invite-username" name="username" required autoComplete="off" />
        <button type="submit">Invite</button>
      </div>
      {status && (
        <p className={status.ok ? 'ok' : 'error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </form>
  );
}
