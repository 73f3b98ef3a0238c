import { type Member, type ParleyClient, type Room, type Role, unwrap } from '@parley/client';
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { activeMute } from '../membership';
import { useParley } from '../context';
import { Dialog } from './Dialog';
import { Field, FormOutcome, useFormState } from './fields';
import { describe } from '../errors';

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

/** Global admins act as owners in every room (docs/routes.md). */
function myRank(client: ParleyClient, room: Room): number {
  return client.user?.role === 'admin' ? RANK.owner : room.my_role ? RANK[room.my_role] : 0;
}

const MUTE_FOR = [
  { label: '10 minutes', minutes: 10 },
  { label: '1 hour', minutes: 60 },
  { label: '1 day', minutes: 24 * 60 },
  { label: '1 week', minutes: 7 * 24 * 60 },
];

export const shortTime = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

/** One member: presence, name (a link to the profile), role, mute; and what the viewer may do to them. */
export function MemberRow({ client, room, member }: { client: ParleyClient; room: Room; member: Member }) {
  const { navigate } = useParley();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<'mute' | 'remove' | 'ban' | 'owner' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { user } = member;
  const me = user.id === client.user?.id;
  const rank = myRank(client, room);
  const above = !me && rank > RANK[member.role];
  const muted = activeMute(member);
  const path = { params: { path: { id: room.id, userId: user.id } } };

  async function change(body: { role?: Role; muted_until?: string | null }) {
    try {
      setError(null);
      await unwrap(client.rest.PATCH('/api/v1/rooms/{id}/members/{userId}', { ...path, body }));
    } catch (failure) {
      setError(describe(failure));
    }
  }

  const actions: { label: string; run: () => void }[] = [];
  if (!me && member.role === 'member' && rank >= RANK.admin) actions.push({ label: 'Make admin', run: () => void change({ role: 'admin' }) });
  if (!me && member.role === 'admin' && rank === RANK.owner) actions.push({ label: 'Make member', run: () => void change({ role: 'member' }) });
  if (!me && member.role !== 'owner' && room.my_role === 'owner') actions.push({ label: 'Make owner…', run: () => setDialog('owner') });
  if (above) {
    if (muted) actions.push({ label: 'Unmute', run: () => void change({ muted_until: null }) });
    else actions.push({ label: 'Mute…', run: () => setDialog('mute') });
    actions.push({ label: 'Remove…', run: () => setDialog('remove') }, { label: 'Ban…', run: () => setDialog('ban') });
  }
  const panelId = `manage-${user.id}`;
  const manageButton = useRef<HTMLButtonElement>(null);
  /** Escape in the open actions closes them (not the members panel around them) and returns to "Manage". */
  const closeOnEscape = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    manageButton.current?.focus();
  };

  return (
    <li className="member">
      <span className={`dot${member.online ? ' dot--on' : ''}`} role="img" aria-label={member.online ? 'online' : 'offline'} />
      {navigate ? (
        <a className="member__name" href={`/users/${user.id}`} onClick={(e) => (e.preventDefault(), navigate(me ? '/profile' : `/users/${user.id}`))}>
          {user.display_name}
        </a>
      ) : (
        <span className="member__name">{user.display_name}</span>
      )}
      <span className="member__username">
        @{user.username}
        {muted && <span className="muted-until"> · muted until {shortTime(muted)}</span>}
      </span>
      <span className={`role role--${member.role}`}>{member.role}</span>
      {actions.length > 0 && (
        <button
          type="button"
          className="link member__action"
          aria-expanded={open}
          aria-controls={panelId}
          aria-label={`Manage ${user.display_name}`}
          ref={manageButton}
          onClick={() => setOpen((v) => !v)}
          onKeyDown={closeOnEscape}
        >
          Manage
        </button>
      )}
      {open && actions.length > 0 && (
        <div className="member__manage" id={panelId} role="group" aria-label={`Actions for ${user.display_name}`} onKeyDown={closeOnEscape}>
          {actions.map((a) => (
            <button key={a.label} type="button" className="secondary small" onClick={a.run}>
              {a.label}
            </button>
          ))}
        </div>
      )}
      {dialog === 'owner' && (
        <div className="member__manage" role="group" aria-label="Confirm the transfer">
          <span>Make {user.display_name} the owner? You become an admin.</span>
          <button type="button" className="danger small" autoFocus onClick={() => (setDialog(null), void change({ role: 'owner' }))}>
            Transfer ownership
          </button>
          <button type="button" className="secondary small" onClick={() => setDialog(null)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="error member__error" role="alert">
          {error}
        </p>
      )}
      {dialog === 'mute' && <MuteDialog client={client} room={room} member={member} onClose={() => setDialog(null)} />}
      {(dialog === 'remove' || dialog === 'ban') && (
        <RemoveDialog client={client} room={room} member={member} ban={dialog === 'ban'} onClose={() => setDialog(null)} />
      )}
    </li>
  );
}

function MuteDialog({ client, room, member, onClose }: { client: ParleyClient; room: Room; member: Member; onClose: () => void }) {
  const state = useFormState();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const until = new Date(Date.now() + Number(form.get('minutes')) * 60_000).toISOString();
    const reason = String(form.get('reason') ?? '').trim();
    const body = { muted_until: until, ...(reason ? { reason } : {}) };
    const path = { params: { path: { id: room.id, userId: member.user.id } } };
    if (
      await state.run(() => unwrap(client.rest.PATCH('/api/v1/rooms/{id}/members/{userId}', { ...path, body })), undefined, ['muted_until', 'reason'])
    )
      onClose();
  }
  return (
    <Dialog title={`Mute ${member.user.display_name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="hint">They keep reading the room but cannot post until the mute ends.</p>
        <Field label="For how long" errors={state.fields.muted_until}>
          {(a11y) => (
            <select {...a11y} name="minutes" defaultValue="60">
              {MUTE_FOR.map((o) => (
                <option key={o.minutes} value={o.minutes}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Reason (optional, kept in the audit log)" errors={state.fields.reason}>
          {(a11y) => <input {...a11y} name="reason" maxLength={500} />}
        </Field>
        <FormOutcome state={state} />
        <div className="dialog__buttons">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={state.busy}>
            Mute
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RemoveDialog({
  client,
  room,
  member,
  ban,
  onClose,
}: {
  client: ParleyClient;
  room: Room;
  member: Member;
  ban: boolean;
  onClose: () => void;
}) {
  const state = useFormState();
  const name = member.user.display_name;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const query: { ban?: 'true'; reason?: string } = { ...(ban ? { ban: 'true' } : {}), ...(reason ? { reason } : {}) };
    const params = { path: { id: room.id, userId: member.user.id }, query };
    if (await state.run(() => unwrap(client.rest.DELETE('/api/v1/rooms/{id}/members/{userId}', { params })))) onClose();
  }
  return (
    <Dialog title={ban ? `Ban ${name}` : `Remove ${name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <p>
          {ban
            ? `${name} leaves the room and cannot come back, be added or be invited until unbanned.`
            : `${name} leaves the room. They can be invited again.`}
        </p>
        <Field label="Reason (optional, kept in the audit log)">{(a11y) => <input {...a11y} name="reason" maxLength={500} autoFocus />}</Field>
        <FormOutcome state={state} />
        <div className="dialog__buttons">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={state.busy}>
            {ban ? 'Ban' : 'Remove'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
