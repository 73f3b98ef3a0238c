import { type components, type ParleyClient, ParleyError, unwrap } from '@parley/client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';
import { CopyValue, organizationOf } from './CopyValue';

type Oidc = components['schemas']['OidcProviderResponse'];
type Saml = components['schemas']['SamlProviderResponse'];

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * Organization admins: the organization's OpenID Connect and SAML providers (docs/sign-in.md),
 * with the values to register at the provider. The OIDC client secret is write-only.
 */
export function SignInProviders({ client }: { client: ParleyClient }) {
  const id = organizationOf(client);
  return (
    <div>
      <OidcProvider client={client} id={id} />
      <SamlProvider client={client} id={id} />
    </div>
  );
}

/** GET that answers null for 404 (nothing configured). */
async function getOrNull<T>(request: Promise<unknown>): Promise<T | null> {
  try {
    return await unwrap<T>(request as never);
  } catch (failure) {
    if (failure instanceof ParleyError && failure.status === 404) return null;
    throw failure;
  }
}

function OidcProvider({ client, id }: { client: ParleyClient; id: string }) {
  const [provider, setProvider] = useState<Oidc | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const state = useFormState();
  const load = useCallback(
    () =>
      getOrNull<Oidc>(client.rest.GET('/api/v1/organizations/{id}/sign-in/oidc', { params: { path: { id } } })).then(setProvider, (f: unknown) =>
        setError(describe(f)),
      ),
    [client, id],
  );
  useEffect(() => void load(), [load]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const secret = String(data.get('client_secret') ?? '');
    const body = {
      issuer: String(data.get('issuer') ?? '').trim(),
      client_id: String(data.get('client_id') ?? '').trim(),
      scopes: words(String(data.get('scopes') ?? '')),
      enabled: data.get('enabled') === 'on',
      ...(secret ? { client_secret: secret } : {}),
    };
    await state.run(
      async () => {
        setProvider(await unwrap<Oidc>(client.rest.PUT('/api/v1/organizations/{id}/sign-in/oidc', { params: { path: { id } }, body })));
        (form.elements.namedItem('client_secret') as HTMLInputElement).value = '';
      },
      'OpenID Connect provider saved.',
      ['issuer', 'client_id', 'client_secret', 'scopes', 'enabled'],
    );
  }
  async function remove() {
    await state.run(async () => {
      await unwrap(client.rest.DELETE('/api/v1/organizations/{id}/sign-in/oidc', { params: { path: { id } } }));
      setProvider(null);
    }, 'OpenID Connect provider removed.');
  }

  if (provider === undefined)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p>Loading…</p>
    );
  return (
    <section className="card console__form" aria-labelledby="oidc-title">
      <h2 id="oidc-title">OpenID Connect</h2>
      {provider ? (
        <dl className="copy-values" aria-label="Values to register at the OpenID Connect provider">
          <CopyValue label="Redirect URI" value={provider.redirect_uri} />
          <CopyValue label="Back-channel logout URI" value={provider.backchannel_logout_uri} />
          <CopyValue label="Post-logout redirect URI" value={provider.post_logout_redirect_uri} />
          <CopyValue label="Sign-in link" value={provider.login_url} />
        </dl>
      ) : (
        <p>No OpenID Connect provider yet. Once saved, this shows the redirect and logout URIs to register at it.</p>
      )}
      <form onSubmit={save} key={provider?.updated_at ?? 'new'} aria-label="OpenID Connect provider">
        <Field label="Issuer URL" hint="Its /.well-known/openid-configuration is read." errors={state.fields.issuer}>
          {(a11y) => <input {...a11y} name="issuer" type="url" required defaultValue={provider?.issuer} autoComplete="off" />}
        </Field>
        <Field label="Client id" errors={state.fields.client_id}>
          {(a11y) => <input {...a11y} name="client_id" required defaultValue={provider?.client_id} autoComplete="off" />}
        </Field>
        <Field
          label="Client secret"
          hint={provider?.has_client_secret ? 'A secret is stored (never shown). Leave empty to keep it.' : 'Leave empty for a public client.'}
          errors={state.fields.client_secret}
        >
          {(a11y) => <input {...a11y} name="client_secret" type="password" autoComplete="new-password" />}
        </Field>
        <Field label="Scopes" hint="Separated by spaces; openid is always asked for." errors={state.fields.scopes}>
          {(a11y) => (
            <input {...a11y} name="scopes" defaultValue={(provider?.scopes ?? ['openid', 'profile', 'email']).join(' ')} autoComplete="off" />
          )}
        </Field>
        <label>
          <input type="checkbox" name="enabled" defaultChecked={provider?.enabled ?? true} /> Enabled
        </label>
        <FormOutcome state={state} />
        <div className="button-row">
          <button type="submit" disabled={state.busy}>
            Save OpenID Connect provider
          </button>
          {provider && (
            <button type="button" className="danger" disabled={state.busy} onClick={() => void remove()}>
              Remove OpenID Connect provider
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function SamlProvider({ client, id }: { client: ParleyClient; id: string }) {
  const [provider, setProvider] = useState<Saml | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const state = useFormState();
  const load = useCallback(
    () =>
      getOrNull<Saml>(client.rest.GET('/api/v1/organizations/{id}/sign-in/saml', { params: { path: { id } } })).then(setProvider, (f: unknown) =>
        setError(describe(f)),
      ),
    [client, id],
  );
  useEffect(() => void load(), [load]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const certificates = String(data.get('idp_certificates') ?? '')
      .split(/\n\s*\n/)
      .map((c) => c.trim())
      .filter(Boolean);
    const body = {
      idp_entity_id: String(data.get('idp_entity_id') ?? '').trim(),
      sso_url: String(data.get('sso_url') ?? '').trim(),
      idp_certificates: certificates,
      enabled: data.get('enabled') === 'on',
    };
    await state.run(
      async () => setProvider(await unwrap<Saml>(client.rest.PUT('/api/v1/organizations/{id}/sign-in/saml', { params: { path: { id } }, body }))),
      'SAML provider saved.',
      ['idp_entity_id', 'sso_url', 'idp_certificates', 'enabled'],
    );
  }
  async function remove() {
    await state.run(async () => {
      await unwrap(client.rest.DELETE('/api/v1/organizations/{id}/sign-in/saml', { params: { path: { id } } }));
      setProvider(null);
    }, 'SAML provider removed.');
  }

  if (provider === undefined)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p>Loading…</p>
    );
  return (
    <section className="card console__form" aria-labelledby="saml-title">
      <h2 id="saml-title">SAML</h2>
      {provider ? (
        <dl className="copy-values" aria-label="Values to give the SAML identity provider">
          <CopyValue label="SP entity id" value={provider.sp_entity_id} />
          <CopyValue label="ACS URL" value={provider.acs_url} />
          <CopyValue label="Metadata URL" value={provider.metadata_url} />
          <CopyValue label="SAML sign-in link" value={provider.login_url} />
        </dl>
      ) : (
        <p>No SAML identity provider yet. Once saved, this shows the entity id, ACS URL and metadata URL to give it.</p>
      )}
      <form onSubmit={save} key={provider?.updated_at ?? 'new'} aria-label="SAML provider">
        <Field label="Identity provider entity id" hint="The Issuer its responses carry." errors={state.fields.idp_entity_id}>
          {(a11y) => <input {...a11y} name="idp_entity_id" required defaultValue={provider?.idp_entity_id} autoComplete="off" />}
        </Field>
        <Field label="Single sign-on URL" hint="HTTP-Redirect binding." errors={state.fields.sso_url}>
          {(a11y) => <input {...a11y} name="sso_url" type="url" required defaultValue={provider?.sso_url} autoComplete="off" />}
        </Field>
        <Field label="Signing certificates" hint="PEM; separate several with an empty line." errors={state.fields.idp_certificates}>
          {(a11y) => <textarea {...a11y} name="idp_certificates" required rows={6} defaultValue={provider?.idp_certificates.join('\n\n')} />}
        </Field>
        <label>
          <input type="checkbox" name="enabled" defaultChecked={provider?.enabled ?? true} /> Enabled
        </label>
        <FormOutcome state={state} />
        <div className="button-row">
          <button type="submit" disabled={state.busy}>
            Save SAML provider
          </button>
          {provider && (
            <button type="button" className="danger" disabled={state.busy} onClick={() => void remove()}>
              Remove SAML provider
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
