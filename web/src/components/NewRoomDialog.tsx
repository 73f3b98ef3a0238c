import { type Page, type ParleyClient, type Room, type User, unwrap } from '@parley/client';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { describe } from '@parley/react/internal';

/** A modal <dialog> (focus moves in, Escape closes, focus returns): a group room or a direct message. */
export function NewRoomDialog({ client, onClose, onCreated }: { client: ParleyClient; onClose: () => void; onCreated: (roomId: string) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<'group' | 'direct'>('group');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      if (kind === 'direct') {
        const username = String(form.get('username')).trim().replace(/^@/, '');
        const users = await unwrap<Page<User>>(client.rest.GET('/api/v1/users', { params: { query: { search: username, page_size: 20 } } }));
        const user = users.results.find((u) => u.username === username.toLowerCase());
        if (!user) return setError(`No user named ${username}.`);
        const { room } = await unwrap<{ room: Room }>(client.rest.POST('/api/v1/rooms/direct', { body: { user_id: user.id } }));
        onCreated(room.id);
      } else {
        const body = {
          room_type: 'GROUP' as const,
          name: String(form.get('name')).trim(),
          description: String(form.get('description') ?? '').trim(),
          visibility: form.get('visibility') === 'public' ? ('public' as const) : ('private' as const),
        };
        const room = await unwrap<Room>(client.rest.POST('/api/v1/rooms', { body }));
        onCreated(room.id);
      }
    } catch (failure) {
      setError(describe(failure));
    }
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-room-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="new-room-title">New conversation</h2>
        <fieldset className="segmented">
          <legend>Kind</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'group'} onChange={() => setKind('group')} /> Group room
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'direct'} onChange={() => setKind('direct')} /> Direct message
          </label>
        </fieldset>
        {kind === 'group' ? (
          <>
            <label>
              Room name
              <input name="name" required maxLength={100} autoFocus />
            </label>
            <label>
              Description <span className="hint">(optional)</span>
              <input name="description" maxLength={500} />
            </label>
            <fieldset>
              <legend>Who can find it</legend>
              <label>
                <input type="radio" name="visibility" value="private" defaultChecked /> Private: members and invitees
              </label>
              <label>
                <input type="radio" name="visibility" value="public" /> Public: anyone can browse and join
              </label>
            </fieldset>
          </>
        ) : (
          <label>
            Username
            <input name="username" required autoFocus autoComplete="off" />
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__buttons">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit">{kind === 'group' ? 'Create room' : 'Start conversation'}</button>
        </div>
      </form>
    </dialog>
  );
}
