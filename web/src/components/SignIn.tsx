import { type ParleyClient, ParleyError } from '@parley/client';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { createClient } from '../session';

/** Sign in or register; on success the client is connected and handed up. */
export function SignIn({ onSignedIn }: { onSignedIn: (client: ParleyClient) => void }) {
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [mode]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    const client = createClient();
    try {
      if (mode === 'signin') await client.login(value('login'), String(form.get('password')));
      else await client.register({ username: value('username'), email: value('email'), password: String(form.get('password')), display_name: value('display_name') || undefined });
      await client.connect();
      onSignedIn(client);
    } catch (failure) {
      client.close();
      setError(describe(failure));
      setBusy(false);
    }
  }

  const registering = mode === 'register';
  return (
    <main className="signin">
      <h1>Parley</h1>
      <form onSubmit={submit} aria-labelledby="signin-title" noValidate={false}>
        <h2 id="signin-title">{registering ? 'Create an account' : 'Sign in'}</h2>
        {registering ? (
          <>
            <label>
              Username
              <input ref={first} name="username" autoComplete="username" required minLength={3} maxLength={32} pattern="[a-z0-9_.\-]+" />
            </label>
            <label>
              Email
              <input name="email" type="email" autoComplete="email" required />
            </label>
            <label>
              Display name <span className="hint">(optional)</span>
              <input name="display_name" autoComplete="name" maxLength={64} />
            </label>
          </>
        ) : (
          <label>
            Username or email
            <input ref={first} name="login" autoComplete="username" required />
          </label>
        )}
        <label>
          Password
          <input name="password" type="password" autoComplete={registering ? 'new-password' : 'current-password'} required minLength={registering ? 8 : 1} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {registering ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p>
        {registering ? 'Have an account?' : 'New here?'}{' '}
        <button type="button" className="link" onClick={() => (setMode(registering ? 'signin' : 'register'), setError(null))}>
          {registering ? 'Sign in' : 'Create an account'}
        </button>
      </p>
    </main>
  );
}

export function describe(failure: unknown): string {
  if (failure instanceof ParleyError) {
    if (failure.fields) return Object.entries(failure.fields).map(([field, messages]) => `${field.replace(/_/g, ' ')}: ${messages.join(' ')}`).join(' ');
    return failure.message;
  }
  return 'Parley could not be reached. Try again.';
}
