import { type Member, type Page, type ParleyClient, type Room, type User, unwrap } from '@parley/client';
import { type FormEvent, useState } from 'react';
import { describe } from './SignIn';

/** Members with roles and presence; owners and admins invite by username. */
export function MembersPanel({ client, room, members, onClose }: { client: ParleyClient; room: Room; members: Member[]; onClose: () => void }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const canInvite = room.my_role === 'owner' || room.my_role === 'admin';

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
    } catch (failure) {
      setStatus({ ok: false, text: describe(failure) });
    }
  }

  return (
    <aside className="members" id="members" aria-labelledby="members-title">
      <header className="members__header">
        <h2 id="members-title">Members</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close members">
          ✕
        </button>
      </header>
      <ul>
        {members.map((m) => (
          <li key={m.user.id} className="member">
            <span className={`dot${m.online ? ' dot--on' : ''}`} role="img" aria-label={m.online ? 'online' : 'offline'} />
            <span className="member__name">{m.user.display_name}</span>
            <span className="member__username">@{m.user.username}</span>
            <span className={`role role--${m.role}`}>{m.role}</span>
          </li>
        ))}
      </ul>
      {canInvite && (
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
      )}
    </aside>
  );
}
