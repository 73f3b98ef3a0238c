import { type ParleyClient, ParleyError } from '@parley/client';
import { describe } from '@parley/react/internal';
import { type FormEvent, type InputHTMLAttributes, type ReactNode, type Ref, useEffect, useRef, useState } from 'react';
import { createClient } from '../session';

/** Parley's rules for new accounts (RegisterDto), shown before typing and in the browser's validation message. */
const RULES: Record<string, string> = {
  username: 'Username: 3–32 characters of a–z, 0–9, _ . -',
  password: 'Password: 8–128 characters',
};
const FIELDS = ['username', 'email', 'display_name', 'password', 'login'];

/** What the sign-in screen says when a live session ended because an administrator suspended the account. */
export const SUSPENDED_SIGNED_OUT = 'You were signed out: an administrator suspended your account. Ask them if you think this is a mistake.';

/**
 * Parley's 403 `account_suspended` at sign-in, in words: until when, when the suspension ends by itself
 * (the server's message carries the end as an ISO-8601 time).
 */
export function suspendedMessage(failure: ParleyError): string {
  const until = /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(failure.message)?.[0];
  const end = until ? ` until ${new Date(until).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}` : '';
  return `This account is suspended${end}, so it cannot sign in. Ask an administrator if you think this is a mistake.`;
}

/**
 * Sign in or register; on success the client is connected and handed up. `notice`: why the last
 * session ended (a suspension), shown as an alert until the next attempt.
 */
export function SignIn({ onSignedIn, notice = null }: { onSignedIn: (client: ParleyClient) => void; notice?: string | null }) {
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  const [error, setError] = useState<string | null>(notice);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const [organization, setOrganization] = useState('');
  const slug = organization.trim().toLowerCase();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [mode]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const client = createClient();
    try {
      if (mode === 'signin') await client.login(value('login'), String(form.get('password')));
      else
        await client.register({
          username: value('username'),
          email: value('email'),
          password: String(form.get('password')),
          display_name: value('display_name') || undefined,
        });
      await client.connect();
      onSignedIn(client);
    } catch (failure) {
      client.close();
      // Field errors show beside their fields; anything else above the button.
      const fields = failure instanceof ParleyError && failure.fields ? failure.fields : {};
      const shown = Object.fromEntries(Object.entries(fields).filter(([name]) => FIELDS.includes(name)));
      setFieldErrors(shown);
      setError(
        failure instanceof ParleyError && failure.code === 'account_suspended'
          ? suspendedMessage(failure)
          : Object.keys(shown).length && Object.keys(shown).length === Object.keys(fields).length
            ? 'Please correct the fields marked below.'
            : describe(failure),
      );
      setBusy(false);
    }
  }

  const registering = mode === 'register';
  const field = (name: string, label: ReactNode, input: InputHTMLAttributes<HTMLInputElement>, autoFocus = false) => (
    <Field
      key={`${mode}-${name}`}
      name={name}
      label={label}
      rule={registering ? RULES[name] : undefined}
      errors={fieldErrors[name]}
      input={input}
      inputRef={autoFocus ? first : undefined}
    />
  );
  return (
    <main className="signin">
      <h1>Parley</h1>
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h2 id="signin-title">{registering ? 'Create an account' : 'Sign in'}</h2>
        {registering ? (
          <>
            {field(
              'username',
              'Username',
              { autoComplete: 'username', required: true, minLength: 3, maxLength: 32, pattern: '[a-z0-9_.\\-]+' },
              true,
            )}
            {field('email', 'Email', { type: 'email', autoComplete: 'email', required: true })}
            {field(
              'display_name',
              <>
                Display name <span className="hint">(optional)</span>
              </>,
              { autoComplete: 'name', maxLength: 64 },
            )}
          </>
        ) : (
          field('login', 'Username or email', { autoComplete: 'username', required: true }, true)
        )}
        {field('password', 'Password', {
          type: 'password',
          autoComplete: registering ? 'new-password' : 'current-password',
          required: true,
          minLength: registering ? 8 : 1,
          maxLength: registering ? 128 : undefined,
        })}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {registering ? 'Create account' : 'Sign in'}
        </button>
      </form>
      {!registering && (
        <section className="signin__organization" aria-labelledby="signin-organization-title">
          <h2 id="signin-organization-title">Organization sign-in</h2>
          <div className="field">
            <label>
              Organization
              <input
                name="organization"
                value={organization}
                onChange={(e) => setOrganization(e.currentTarget.value)}
                autoComplete="organization"
                aria-describedby="organization-help"
                pattern="[a-z0-9\-]{2,64}"
              />
            </label>
            <span className="field-help" id="organization-help">
              Your organization’s short name (its slug), if it signs you in through its own identity provider.
            </span>
          </div>
          {/^[a-z0-9-]{2,64}$/.test(slug) && (
            <p className="button-row">
              <a className="button" href={`/api/v1/auth/oidc/${encodeURIComponent(slug)}/login`}>
                Sign in with your organization
              </a>{' '}
              <a href={`/api/v1/auth/saml/${encodeURIComponent(slug)}/login`}>Sign in with your organization (SAML)</a>
            </p>
          )}
        </section>
      )}
      <p>
        {registering ? 'Have an account?' : 'New here?'}{' '}
        <button type="button" className="link" onClick={() => (setMode(registering ? 'signin' : 'register'), setError(null), setFieldErrors({}))}>
          {registering ? 'Sign in' : 'Create an account'}
        </button>
      </p>
    </main>
  );
}

interface FieldProps {
  name: string;
  label: ReactNode;
  /** Shown under the label, and as the browser's message when the value breaks it. */
  rule?: string;
  /** The server's messages for this field. */
  errors?: string[];
  input: InputHTMLAttributes<HTMLInputElement>;
  inputRef?: Ref<HTMLInputElement>;
}

function Field({ name, label, rule, errors, input, inputRef }: FieldProps) {
  const described = [rule && `${name}-help`, errors?.length && `${name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label>
        {label}
        <input
          {...input}
          ref={inputRef}
          name={name}
          aria-describedby={described}
          aria-invalid={errors?.length ? true : undefined}
          // The browser's own "Please match the requested format." does not say what the format is.
          onInvalid={(e) => rule && e.currentTarget.setCustomValidity(rule)}
          onInput={(e) => e.currentTarget.setCustomValidity('')}
        />
      </label>
      {rule && (
        <span className="field-help" id={`${name}-help`}>
          {rule}
        </span>
      )}
      {errors?.length ? (
        <span className="field-error" id={`${name}-error`}>
          {errors.join(' ')}
        </span>
      ) : null}
    </div>
  );
}
