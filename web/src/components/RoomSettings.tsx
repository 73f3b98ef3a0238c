import { type ParleyClient, type Room, unwrap } from '@parley/client';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { navigate } from '../router';
import { RoomNotificationLevel } from '../notifications/RoomNotificationLevel';
import { canManage, Dialog, Field, FormOutcome, useFormState } from '@parley/react/internal';

/** The content rules editor: its own chunk (shared with the admin console), loaded when a manager opens the settings. */
const ContentRules = lazy(() => import('./content-rules/ContentRules'));

const SETTINGS = ['name', 'description', 'visibility', 'posting', 'slow_mode_seconds', 'retention_days'];

/**
 * Room settings: the room's own settings for owners and admins (name, description, visibility,
 * posting mode, slow mode, retention), archive and deactivation, the room's content rules; notifications and leaving for members.
 */
export function RoomSettings({ client, room, muted, onClose }: { client: ParleyClient; room: Room; muted: boolean; onClose: () => void }) {
  const manage = canManage(client, room);
  return (
    <Dialog title="Room settings" onClose={onClose} wide>
      {manage && <SettingsForm client={client} room={room} />}
      {room.my_role && <Notifications client={client} room={room} muted={muted} />}
      {manage && <RoomState client={client} room={room} />}
      {manage && <RoomContentRules client={client} room={room} />}
      {room.my_role && room.room_type !== 'ONE_TO_ONE' && <LeaveOrDelete client={client} room={room} />}
      {manage && (
        <p>
          <a href={`/admin/audit?room_id=${room.id}`} onClick={(e) => (e.preventDefault(), navigate(`/admin/audit?room_id=${room.id}`))}>
            This room’s audit log
          </a>
        </p>
      )}
      <div className="dialog__buttons">
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** The room's content rules, behind a button: the editor (and its request) loads only when asked for. */
function RoomContentRules({ client, room }: { client: ParleyClient; room: Room }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="room-settings__rules">
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide content rules' : 'Content rules…'}
      </button>
      {open && (
        <Suspense fallback={<p role="status">Loading content rules…</p>}>
          <ContentRules client={client} roomId={room.id} level={3} />
        </Suspense>
      )}
    </div>
  );
}

function SettingsForm({ client, room }: { client: ParleyClient; room: Room }) {
  const state = useFormState();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const retention = text('retention_days');
    const wanted = {
      name: text('name'),
      description: text('description'),
      visibility: room.room_type === 'ONE_TO_ONE' ? room.visibility : text('visibility'),
      posting: text('posting'),
      slow_mode_seconds: Number(text('slow_mode_seconds') || 0),
      retention_days: retention === '' ? null : Number(retention),
    };
    const current: Record<string, unknown> = { ...room, name: room.name ?? '' };
    // Only what changed: an unchanged name would still write a "renamed" system message.
    const body = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
    if (!Object.keys(body).length) return void state.run(async () => undefined, 'Nothing changed.');
    await state.run(() => unwrap(client.rest.PATCH('/api/v1/rooms/{id}', { params: { path: { id: room.id } }, body })), 'Settings saved.', SETTINGS);
  }

  return (
    <form onSubmit={save} aria-labelledby="settings-title">
      <h3 id="settings-title">Settings</h3>
      <Field label="Name" errors={state.fields.name} hint={room.visibility === 'public' ? 'Public rooms need a name.' : undefined}>
        {(a11y) => <input {...a11y} name="name" defaultValue={room.name ?? ''} maxLength={150} autoComplete="off" />}
      </Field>
      <Field label="Description" errors={state.fields.description}>
        {(a11y) => <textarea {...a11y} name="description" defaultValue={room.description} rows={2} maxLength={2000} />}
      </Field>
      {room.room_type !== 'ONE_TO_ONE' && (
        <fieldset aria-invalid={state.fields.visibility ? true : undefined}>
          <legend>Who can find it</legend>
          <label>
            <input type="radio" name="visibility" value="private" defaultChecked={room.visibility === 'private'} /> Private: members and invitees
          </label>
          <label>
            <input type="radio" name="visibility" value="public" defaultChecked={room.visibility === 'public'} /> Public: anyone can browse and join
          </label>
          {state.fields.visibility && <span className="field-error">{state.fields.visibility.join(' ')}</span>}
        </fieldset>
      )}
      <fieldset>
        <legend>Who can post</legend>
        <label>
          <input type="radio" name="posting" value="everyone" defaultChecked={room.posting === 'everyone'} /> Everyone
        </label>
        <label>
          <input type="radio" name="posting" value="admins" defaultChecked={room.posting === 'admins'} /> Owners and admins only (announcements)
        </label>
      </fieldset>
      <Field
        label="Slow mode (seconds)"
        hint="A member may send one message per this many seconds; 0 turns it off. Owners and admins are exempt."
        errors={state.fields.slow_mode_seconds}
      >
        {(a11y) => <input {...a11y} name="slow_mode_seconds" type="number" min={0} max={3600} step={1} defaultValue={room.slow_mode_seconds} />}
      </Field>
      <Field label="Keep messages for (days)" hint="Older messages are removed. Empty: the server’s default." errors={state.fields.retention_days}>
        {(a11y) => <input {...a11y} name="retention_days" type="number" min={1} max={36500} step={1} defaultValue={room.retention_days ?? ''} />}
      </Field>
      <FormOutcome state={state} />
      <div className="dialog__buttons">
        <button type="submit" disabled={state.busy}>
          Save settings
        </button>
      </div>
    </form>
  );
}

function Notifications({ client, room, muted }: { client: ParleyClient; room: Room; muted: boolean }) {
  const [checked, setChecked] = useState(muted);
  const state = useFormState();
  async function toggle(next: boolean) {
    setChecked(next);
    const ok = await state.run(
      () => unwrap(client.rest.PATCH('/api/v1/rooms/{id}/members/me', { params: { path: { id: room.id } }, body: { notifications_muted: next } })),
      next ? 'Notifications muted.' : 'Notifications on.',
    );
    if (!ok) setChecked(!next);
  }
  return (
    <section aria-labelledby="notifications-title">
      <h3 id="notifications-title">Notifications</h3>
      <label className="check">
        <input type="checkbox" checked={checked} onChange={(e) => void toggle(e.currentTarget.checked)} aria-describedby="notifications-help" /> Mute
        this room
      </label>
      <span className="field-help" id="notifications-help">
        A muted room’s unread count shows in grey; mentions of you still count.
      </span>
      <FormOutcome state={state} />
      <RoomNotificationLevel client={client} roomId={room.id} muted={checked} />
    </section>
  );
}

function RoomState({ client, room }: { client: ParleyClient; room: Room }) {
  const state = useFormState();
  const path = { params: { path: { id: room.id } } };
  const [reason, setReason] = useState('');
  const archive = () =>
    state.run(
      () =>
        room.is_archived
          ? unwrap(client.rest.POST('/api/v1/rooms/{id}/unarchive', { params: { path: { id: room.id }, query: reason ? { reason } : {} } }))
          : unwrap(client.rest.POST('/api/v1/rooms/{id}/archive', { params: { path: { id: room.id }, query: reason ? { reason } : {} } })),
      room.is_archived ? 'Room unarchived.' : 'Room archived: it is read-only now.',
    );
  const activate = () =>
    state.run(
      () =>
        room.is_active
          ? unwrap(client.rest.POST('/api/v1/rooms/{id}/deactivate', path))
          : unwrap(client.rest.POST('/api/v1/rooms/{id}/activate', path)),
      room.is_active ? 'Room deactivated: new messages are refused.' : 'Room active again.',
    );
  return (
    <section aria-labelledby="state-title">
      <h3 id="state-title">Archive and pause</h3>
      <p className="hint">
        {room.is_archived
          ? 'Archived: everyone can read, nobody can write, join or be added.'
          : 'Archive a finished room to keep it readable but closed. Deactivate to pause new messages only.'}
      </p>
      <Field label="Reason (optional, kept in the audit log)">
        {(a11y) => <input {...a11y} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />}
      </Field>
      <div className="button-row">
        <button type="button" className="secondary" disabled={state.busy} onClick={() => void archive()}>
          {room.is_archived ? 'Unarchive room' : 'Archive room'}
        </button>
        <button type="button" className="secondary" disabled={state.busy} onClick={() => void activate()}>
          {room.is_active ? 'Deactivate room' : 'Activate room'}
        </button>
      </div>
      <FormOutcome state={state} />
    </section>
  );
}

function LeaveOrDelete({ client, room }: { client: ParleyClient; room: Room }) {
  const state = useFormState();
  const [confirming, setConfirming] = useState<'leave' | 'delete' | null>(null);
  const path = { params: { path: { id: room.id } } };
  async function act(kind: 'leave' | 'delete') {
    const ok = await state.run(() =>
      kind === 'leave' ? unwrap(client.rest.POST('/api/v1/rooms/{id}/leave', path)) : unwrap(client.rest.DELETE('/api/v1/rooms/{id}', path)),
    );
    if (ok) navigate('/');
  }
  return (
    <section aria-labelledby="leave-title">
      <h3 id="leave-title">Leave</h3>
      {confirming ? (
        <div className="button-row" role="group" aria-label={confirming === 'leave' ? 'Confirm leaving' : 'Confirm deletion'}>
          <span>{confirming === 'leave' ? 'Leave this room?' : 'Delete this room and its history for everyone?'}</span>
          <button type="button" className="danger" autoFocus onClick={() => void act(confirming)}>
            {confirming === 'leave' ? 'Leave' : 'Delete room'}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" className="secondary" onClick={() => setConfirming('leave')}>
            Leave room…
          </button>
          {room.my_role === 'owner' && (
            <button type="button" className="danger" onClick={() => setConfirming('delete')}>
              Delete room…
            </button>
          )}
        </div>
      )}
      <FormOutcome state={state} />
    </section>
  );
}
