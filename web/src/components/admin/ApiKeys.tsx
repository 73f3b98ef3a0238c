import { type components, type ParleyClient, unwrap } from '@parley/client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';
import { when } from './names';
import { SecretOnce } from './SecretOnce';

type ApiKey = components['schemas']['ApiKeyResponse'];
type Scope = ApiKey['scopes'][number];

const SCOPES: Record<Scope, string> = {
  users: 'users: create and update people (PUT /platform/users)',
  tokens: 'tokens: sign people in (POST /platform/users/…/tokens)',
  rooms: 'rooms: create rooms and set their members',
  messages: 'messages: post as the platform’s bot',
  scim: 'scim: provision users and groups from Okta or Entra ID (/scim/v2)',
};

/** Global admins: the server API's keys. A new key's secret shows once; revoking is immediate. */
export function ApiKeys({ client }: { client: ParleyClient }) {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const state = useFormState();

  const load = useCallback(
    () =>
      unwrap<{ results: ApiKey[] }>(client.rest.GET('/api/v1/admin/api-keys')).then(
        (page) => setKeys(page.results),
        (failure: unknown) => setError(describe(failure)),
      ),
    [client],
  );
  useEffect(() => void load(), [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = { name: String(data.get('name') ?? '').trim(), scopes: data.getAll('scopes').map(String) as Scope[] };
    await state.run(
      async () => {
        const created = await unwrap<{ key: string }>(client.rest.POST('/api/v1/admin/api-keys', { body }));
        setSecret(created.key);
        form.reset();
        await load();
      },
      undefined,
      ['name', 'scopes'],
    );
  }
  async function revoke(key: ApiKey) {
    try {
      await unwrap(client.rest.DELETE('/api/v1/admin/api-keys/{id}', { params: { path: { id: key.id } } }));
      setRevoking(null);
      await load();
    } catch (failure) {
      setError(describe(failure));
    }
  }

  return (
    <div>
      <form onSubmit={create} className="card console__form" aria-labelledby="new-key-title">
        <h2 id="new-key-title">New API key</h2>
        <Field label="Name" hint="What the key is for, e.g. “LMS nightly sync”." errors={state.fields.name}>
          {(a11y) => <input {...a11y} name="name" required maxLength={100} autoComplete="off" />}
        </Field>
        <fieldset aria-describedby={state.fields.scopes ? 'scopes-error' : undefined}>
          <legend>Scopes</legend>
          {(Object.keys(SCOPES) as Scope[]).map((scope) => (
            <label key={scope}>
              <input type="checkbox" name="scopes" value={scope} /> {SCOPES[scope]}
            </label>
          ))}
          {state.fields.scopes && (
            <span className="field-error" id="scopes-error">
              {state.fields.scopes.join(' ')}
            </span>
          )}
        </fieldset>
        <FormOutcome state={state} />
        <button type="submit" disabled={state.busy}>
          Create key
        </button>
      </form>
      {secret && <SecretOnce label="The new API key." secret={secret} onDone={() => setSecret(null)} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {keys?.length === 0 && <p>No API keys yet.</p>}
      {!!keys?.length && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="API keys">
          <table className="console__table">
            <caption className="sr-only">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{when(key.created_at)}</td>
                  <td>{when(key.last_used_at)}</td>
                  <td>
                    {key.revoked_at ? (
                      `revoked ${when(key.revoked_at)}`
                    ) : revoking === key.id ? (
                      <span role="group" aria-label={`Confirm revoking ${key.name}`}>
                        <button type="button" className="danger small" onClick={() => void revoke(key)} autoFocus>
                          Revoke now
                        </button>{' '}
                        <button type="button" className="secondary small" onClick={() => setRevoking(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="link" onClick={() => setRevoking(key.id)}>
                        Revoke<span className="sr-only"> {key.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
