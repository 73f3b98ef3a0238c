import { type ParleyClient, ParleyError, type Room, type User, unwrap } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { navigate } from '../router';
import { BlockDialog } from './BlockDialog';
import { describe, ReportDialog } from '@parley/react/internal';

/** Someone else's profile: who they are, and message, block or unblock, report. */
export function UserProfile({ client, userId }: { client: ParleyClient; userId: string }) {
  const [user, setUser] = useState<User | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [dialog, setDialog] = useState<'block' | 'report' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setUser(await unwrap<User>(client.rest.GET('/api/v1/users/{id}', { params: { path: { id: userId } } })));
      const blocks = await unwrap<{ results: { user: User }[] }>(
        client.rest.GET('/api/v1/users/me/blocks', { params: { query: { page_size: 100 } } }),
      );
      setBlocked(blocks.results.some((b) => b.user.id === userId));
    } catch (failure) {
      setError(failure instanceof ParleyError && failure.status === 404 ? 'This person does not exist.' : describe(failure));
    }
  }, [client, userId]);
  useEffect(() => void load(), [load]);
  useEffect(() => heading.current?.focus(), [user?.id]);

  async function message() {
    try {
      const { room } = await unwrap<{ room: Room }>(client.rest.POST('/api/v1/rooms/direct', { body: { user_id: userId } }));
      navigate(`/rooms/${room.id}`);
    } catch (failure) {
      setError(describe(failure));
    }
  }
  async function unblock() {
    try {
      await unwrap(client.rest.DELETE('/api/v1/users/me/blocks/{userId}', { params: { path: { userId } } }));
      setBlocked(false);
    } catch (failure) {
      setError(describe(failure));
    }
  }

  if (!user)
    return (
      <section className="panel" aria-labelledby="user-title">
        <h1 id="user-title">Profile</h1>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p role="status">Loading…</p>
        )}
      </section>
    );
  const seen = user.online ? 'Online now' : user.last_seen_at ? `Last seen ${new Date(user.last_seen_at).toLocaleString()}` : 'Not seen yet';
  return (
    <section className="panel profile" aria-labelledby="user-title">
      <h1 id="user-title" tabIndex={-1} ref={heading}>
        {user.display_name}
      </h1>
      <p className="hint">
        @{user.username}
        {user.role === 'admin' ? ' · administrator' : ''}
        {user.user_type === 'support' ? ' · support agent' : ''}
      </p>
      {(user.first_name || user.last_name) && <p>{`${user.first_name} ${user.last_name}`.trim()}</p>}
      <p>
        <span className={`dot${user.online ? ' dot--on' : ''}`} aria-hidden="true" /> {seen}
      </p>
      {blocked && <p className="notice">You blocked {user.display_name}.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        {!blocked && (
          <button type="button" onClick={() => void message()}>
            Send a direct message
          </button>
        )}
        {blocked ? (
          <button type="button" className="secondary" onClick={() => void unblock()}>
            Unblock
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => setDialog('block')}>
            Block…
          </button>
        )}
        <button type="button" className="secondary" onClick={() => setDialog('report')}>
          Report…
        </button>
      </div>
      {dialog === 'block' && <BlockDialog client={client} user={user} onBlocked={() => setBlocked(true)} onClose={() => setDialog(null)} />}
      {dialog === 'report' && <ReportDialog client={client} target={{ kind: 'user', user }} onClose={() => setDialog(null)} />}
    </section>
  );
}
