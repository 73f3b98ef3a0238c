import { type components, type ParleyClient, unwrap } from '@parley/client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';
import { CopyValue } from './CopyValue';
import { when } from './names';

type Platform = components['schemas']['LtiPlatformResponse'];
type Tool = components['schemas']['LtiToolConfigResponse'];
type Invite = components['schemas']['LtiRegistrationInviteResponse'];

const FIELDS = ['name', 'issuer', 'client_id', 'deployment_ids', 'authorization_endpoint', 'jwks_url', 'token_endpoint'];

/**
 * Organization admins: Parley as an LTI 1.3 tool (docs/lti.md): the URLs to give the LMS, the
 * registered platforms (add, edit, delete), signing key rotation and dynamic registration URLs.
 */
export function Lti({ client }: { client: ParleyClient }) {
  const [tool, setTool] = useState<Tool | null>(null);
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [editing, setEditing] = useState<Platform | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useFormState();
  const actions = useFormState();

  const load = useCallback(
    () =>
      Promise.all([
        unwrap<Tool>(client.rest.GET('/api/v1/admin/lti/tool')),
        unwrap<{ results: Platform[] }>(client.rest.GET('/api/v1/admin/lti/platforms')),
      ]).then(
        ([t, page]) => (setTool(t), setPlatforms(page.results)),
        (failure: unknown) => setError(describe(failure)),
      ),
    [client],
  );
  useEffect(() => void load(), [load]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const common = {
      name: text('name') || undefined,
      deployment_ids: text('deployment_ids')
        .split(/[\s,]+/)
        .filter(Boolean),
      authorization_endpoint: text('authorization_endpoint'),
      jwks_url: text('jwks_url'),
    };
    const target = editing;
    await state.run(
      async () => {
        if (target)
          await unwrap(
            client.rest.PATCH('/api/v1/admin/lti/platforms/{id}', {
              params: { path: { id: target.id } },
              body: { ...common, token_endpoint: text('token_endpoint') || null },
            }),
          );
        else
          await unwrap(
            client.rest.POST('/api/v1/admin/lti/platforms', {
              body: { ...common, issuer: text('issuer'), client_id: text('client_id'), token_endpoint: text('token_endpoint') || undefined },
            }),
          );
        setEditing(null);
        form.reset();
        await load();
      },
      target ? 'Platform saved.' : 'Platform registered.',
      FIELDS,
    );
  }
  async function remove(platform: Platform) {
    await actions.run(
      async () => {
        await unwrap(client.rest.DELETE('/api/v1/admin/lti/platforms/{id}', { params: { path: { id: platform.id } } }));
        setDeleting(null);
        await load();
      },
      `${platform.name || platform.issuer} removed.`,
    );
  }

  return (
    <div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tool && (
        <section className="card" aria-labelledby="lti-tool-title">
          <h2 id="lti-tool-title">Give these to the LMS</h2>
          <dl className="copy-values">
            <CopyValue label="Login (OIDC initiation) URL" value={tool.login_url} />
            <CopyValue label="Launch (redirect) URL" value={tool.launch_url} />
            <CopyValue label="Public key set (JWKS) URL" value={tool.jwks_url} />
            <CopyValue label="Domain" value={tool.domain} />
          </dl>
          <p>Scopes to grant: {tool.scopes.join(', ') || 'none'}</p>
        </section>
      )}

      <section className="card" aria-labelledby="lti-actions-title">
        <h2 id="lti-actions-title">Registration and keys</h2>
        <div className="button-row">
          <button
            type="button"
            disabled={actions.busy}
            onClick={() =>
              void actions.run(
                async () => setInvite(await unwrap<Invite>(client.rest.POST('/api/v1/admin/lti/dynamic-registrations'))),
                'Dynamic registration URL created.',
              )
            }
          >
            Create a dynamic registration URL
          </button>
          <button
            type="button"
            className="secondary"
            disabled={actions.busy}
            onClick={() =>
              void actions.run(
                () => unwrap<{ kid: string }>(client.rest.POST('/api/v1/admin/lti/keys/rotate')),
                (rotated) => `New signing key ${rotated.kid}; the older keys stay published.`,
              )
            }
          >
            Rotate the signing key
          </button>
        </div>
        {invite && (
          <>
            <dl className="copy-values">
              <CopyValue label="Dynamic registration URL" value={invite.registration_url} />
            </dl>
            <p>Works until {when(invite.expires_at)}.</p>
          </>
        )}
        <FormOutcome state={actions} />
      </section>

      <form onSubmit={save} className="card console__form" aria-labelledby="lti-form-title" key={editing?.id ?? 'new'}>
        <h2 id="lti-form-title">{editing ? `Edit ${editing.name || editing.issuer}` : 'Register a platform'}</h2>
        <Field label="Name" hint="A label, e.g. “Canvas production”." errors={state.fields.name}>
          {(a11y) => <input {...a11y} name="name" maxLength={100} defaultValue={editing?.name} autoComplete="off" />}
        </Field>
        {!editing && (
          <>
            <Field label="Issuer" hint="The iss of its id tokens, e.g. https://canvas.instructure.com." errors={state.fields.issuer}>
              {(a11y) => <input {...a11y} name="issuer" required autoComplete="off" />}
            </Field>
            <Field label="Client id" hint="The client id the platform gave Parley." errors={state.fields.client_id}>
              {(a11y) => <input {...a11y} name="client_id" required autoComplete="off" />}
            </Field>
          </>
        )}
        <Field label="Deployment ids" hint="Separated by spaces or commas." errors={state.fields.deployment_ids}>
          {(a11y) => <input {...a11y} name="deployment_ids" required defaultValue={editing?.deployment_ids.join(' ')} autoComplete="off" />}
        </Field>
        <Field label="Authorization endpoint" errors={state.fields.authorization_endpoint}>
          {(a11y) => <input {...a11y} name="authorization_endpoint" type="url" required defaultValue={editing?.authorization_endpoint} />}
        </Field>
        <Field label="Platform JWKS URL" errors={state.fields.jwks_url}>
          {(a11y) => <input {...a11y} name="jwks_url" type="url" required defaultValue={editing?.jwks_url} />}
        </Field>
        <Field label="Token endpoint" hint="Optional: without it no roster sync." errors={state.fields.token_endpoint}>
          {(a11y) => <input {...a11y} name="token_endpoint" type="url" defaultValue={editing?.token_endpoint ?? ''} />}
        </Field>
        <FormOutcome state={state} />
        <div className="button-row">
          <button type="submit" disabled={state.busy}>
            {editing ? 'Save platform' : 'Register platform'}
          </button>
          {editing && (
            <button type="button" className="secondary" onClick={() => (setEditing(null), state.reset())}>
              Cancel
            </button>
          )}
        </div>
      </form>

      {platforms?.length === 0 && <p>No platforms registered yet.</p>}
      {!!platforms?.length && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="LTI platforms">
          <table className="console__table">
            <caption className="sr-only">LTI platforms</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Issuer</th>
                <th scope="col">Client id</th>
                <th scope="col">Deployments</th>
                <th scope="col">Updated</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {platforms.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.issuer}</td>
                  <td>
                    <code>{p.client_id}</code>
                  </td>
                  <td>{p.deployment_ids.join(', ')}</td>
                  <td>{when(p.updated_at)}</td>
                  <td>
                    {deleting === p.id ? (
                      <span role="group" aria-label={`Confirm deleting ${p.name || p.issuer}`}>
                        <button type="button" className="danger small" onClick={() => void remove(p)} autoFocus>
                          Delete now
                        </button>{' '}
                        <button type="button" className="secondary small" onClick={() => setDeleting(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="link" onClick={() => (setEditing(p), state.reset())}>
                          Edit<span className="sr-only"> {p.name || p.issuer}</span>
                        </button>{' '}
                        <button type="button" className="link" onClick={() => setDeleting(p.id)}>
                          Delete<span className="sr-only"> {p.name || p.issuer}</span>
                        </button>
                      </>
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
