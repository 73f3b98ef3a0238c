import { type components, type ParleyClient, unwrap } from '@parley/client';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { navigate } from '../router';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';

type Block = components['schemas']['BlockResponse'];

/** My profile: name, password, my data (the export), and the people I blocked. */
export function Profile({ client }: { client: ParleyClient }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const me = client.user!;
  return (
    <section className="panel profile" aria-labelledby="profile-title">
      <h1 id="profile-title" tabIndex={-1} ref={heading}>
        Your profile
      </h1>
      <p className="hint">
        @{me.username}
        {me.email ? ` · ${me.email}` : ''}
        {me.role === 'admin' ? ' · administrator' : ''}
        {me.user_type === 'support' ? ' · support agent' : ''}
      </p>
      <ProfileForm client={client} />
      <PasswordForm client={client} />
      <MyData client={client} />
      <Blocked client={client} />
    </section>
  );
}

function ProfileForm({ client }: { client: ParleyClient }) {
  const state = useFormState();
  const me = client.user!;
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    await state.run(
      () => client.updateMe({ display_name: text('display_name'), first_name: text('first_name'), last_name: text('last_name') }),
      'Profile saved.',
      ['display_name', 'first_name', 'last_name'],
    );
  }
  return (
    <form onSubmit={save} className="profile__section" aria-labelledby="name-title">
      <h2 id="name-title">Name</h2>
      <Field label="Display name" hint="Shown instead of your username; empty uses the username." errors={state.fields.display_name}>
        {(a11y) => <input {...a11y} name="display_name" defaultValue={me.display_name} maxLength={150} autoComplete="nickname" />}
      </Field>
      <Field label="First name" errors={state.fields.first_name}>
        {(a11y) => <input {...a11y} name="first_name" defaultValue={me.first_name} maxLength={150} autoComplete="given-name" />}
      </Field>
      <Field label="Last name" errors={state.fields.last_name}>
        {(a11y) => <input {...a11y} name="last_name" defaultValue={me.last_name} maxLength={150} autoComplete="family-name" />}
      </Field>
      <FormOutcome state={state} />
      <button type="submit" disabled={state.busy}>
        Save profile
      </button>
    </form>
  );
}

function PasswordForm({ client }: { client: ParleyClient }) {
  const state = useFormState();
  async function change(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { current_password: String(form.get('current_password')), new_password: String(form.get('new_password')) };
    // Parley ends every login of the user, this one too: the app signs out once it is done.
    if (await state.run(() => unwrap(client.rest.POST('/api/v1/users/me/password', { body })), undefined, ['current_password', 'new_password']))
      void client.logout();
  }
  return (
    <form onSubmit={change} className="profile__section" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <p className="hint">Changing it signs you out everywhere, here too.</p>
      <Field label="Current password" errors={state.fields.current_password}>
        {(a11y) => <input {...a11y} name="current_password" type="password" required autoComplete="current-password" />}
      </Field>
      <Field label="New password" hint="8–128 characters" errors={state.fields.new_password}>
        {(a11y) => <input {...a11y} name="new_password" type="password" required minLength={8} maxLength={128} autoComplete="new-password" />}
      </Field>
      <FormOutcome state={state} />
      <button type="submit" disabled={state.busy}>
        Change password
      </button>
    </form>
  );
}

function MyData({ client }: { client: ParleyClient }) {
  const state = useFormState();
  async function download() {
    await state.run(async () => {
      const file = await client.exportMyData();
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = `parley-export-${client.user!.username}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }, 'Your export is downloaded.');
  }
  return (
    <section className="profile__section" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p className="hint">
        One JSON file with everything Parley holds about you: profile, memberships, messages, reports, blocks, logins, uploads and more.
      </p>
      <FormOutcome state={state} />
      <button type="button" className="secondary" disabled={state.busy} onClick={() => void download()}>
        Download my data
      </button>
    </section>
  );
}

function Blocked({ client }: { client: ParleyClient }) {
  const [blocks, setBlocks] = useState<Block[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      unwrap<{ results: Block[] }>(client.rest.GET('/api/v1/users/me/blocks', { params: { query: { page_size: 100 } } })).then(
        (page) => setBlocks(page.results),
        (failure: unknown) => setError(describe(failure)),
      ),
    [client],
  );
  useEffect(() => void load(), [load]);
  async function unblock(block: Block) {
    try {
      await unwrap(client.rest.DELETE('/api/v1/users/me/blocks/{userId}', { params: { path: { userId: block.user.id } } }));
      await load();
    } catch (failure) {
      setError(describe(failure));
    }
  }
  return (
    <section className="profile__section" aria-labelledby="blocked-title">
      <h2 id="blocked-title">People you blocked</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {blocks?.length === 0 && <p className="hint">Nobody.</p>}
      <ul className="plain-list">
        {blocks?.map((block) => (
          <li key={block.user.id} className="row">
            <a href={`/users/${block.user.id}`} onClick={(e) => (e.preventDefault(), navigate(`/users/${block.user.id}`))}>
              {block.user.display_name}
            </a>{' '}
            <span className="hint">@{block.user.username}</span>
            <button type="button" className="link" onClick={() => void unblock(block)}>
              Unblock<span className="sr-only"> {block.user.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
