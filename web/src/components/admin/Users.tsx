import { type Page, type ParleyClient, type User, unwrap } from '@parley/client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { describe } from '@parley/react/internal';
import { SuspensionDialog } from './SuspensionDialog';

/**
 * Global admins: find people, make them support agents (they see and may join every SUPPORT room) or
 * consumers again, and see, set or lift their deployment-wide suspension (SuspensionDialog).
 */
export function Users({ client }: { client: ParleyClient }) {
  const [search, setSearch] = useState('');
  const [users, setUsers] = useState<User[] | null>(null);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [suspending, setSuspending] = useState<User | null>(null);

  const load = useCallback(
    async (term: string) => {
      try {
        const page = await unwrap<Page<User>>(client.rest.GET('/api/v1/users', { params: { query: { search: term || undefined, page_size: 50 } } }));
        setUsers(page.results);
        setCount(page.count);
      } catch (failure) {
        setStatus({ ok: false, text: describe(failure) });
      }
    },
    [client],
  );
  useEffect(() => void load(''), [load]);

  async function setType(user: User, userType: 'support' | 'consumer') {
    try {
      const updated = await unwrap<User>(
        client.rest.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { user_type: userType } }),
      );
      setUsers((list) => list?.map((u) => (u.id === updated.id ? updated : u)) ?? null);
      setStatus({ ok: true, text: `${updated.display_name} is ${userType === 'support' ? 'a support agent' : 'no longer a support agent'} now.` });
    } catch (failure) {
      setStatus({ ok: false, text: describe(failure) });
    }
  }

  return (
    <div>
      <form
        className="console__toolbar"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void load(search.trim());
        }}
      >
        <label htmlFor="user-search">Find people</label>
        <input id="user-search" type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <button type="submit">Search</button>
      </form>
      <p className={status?.ok === false ? 'error' : 'ok'} role="status">
        {status?.text ?? ''}
      </p>
      {users && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="People">
          <table className="console__table">
            <caption className="sr-only">
              {count} people{users.length < count ? `, the first ${users.length} shown` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Support agent</th>
                <th scope="col">Suspension</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.display_name}</td>
                  <td>@{u.username}</td>
                  <td>{u.email ?? '—'}</td>
                  <td>{u.role === 'admin' ? 'administrator' : 'user'}</td>
                  <td>
                    {u.user_type === 'support' ? 'yes ' : 'no '}
                    <button type="button" className="link" onClick={() => void setType(u, u.user_type === 'support' ? 'consumer' : 'support')}>
                      {u.user_type === 'support' ? 'Make consumer' : 'Make support agent'}
                      <span className="sr-only"> {u.username}</span>
                    </button>
                  </td>
                  <td>
                    {u.id === client.user?.id ? (
                      '—'
                    ) : (
                      <button type="button" className="link" aria-haspopup="dialog" onClick={() => setSuspending(u)}>
                        Suspension<span className="sr-only"> of {u.username}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {suspending && <SuspensionDialog client={client} user={suspending} onClose={() => setSuspending(null)} />}
    </div>
  );
}
