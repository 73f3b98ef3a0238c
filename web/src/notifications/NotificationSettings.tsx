import { type components, type ParleyClient, unwrap } from '@parley/client';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';
import { PushToggle } from './PushToggle';

type Settings = components['schemas']['NotificationSettingsResponse'];
type Level = NonNullable<Settings['level']>;

/** The levels as people read them; `''` is "no default of my own" (the server's null). */
export const LEVELS: { value: Level | ''; label: string }[] = [
  { value: '', label: 'Parley’s default: every direct message, mentions of me elsewhere' },
  { value: 'all', label: 'Every message' },
  { value: 'mentions', label: 'Only mentions of me (@room and @here included)' },
  { value: 'nothing', label: 'Nothing' },
];

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function timeZones(...wanted: string[]): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...wanted, 'UTC', ...known])].sort();
}

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** Tomorrow at 08:00 in this browser's time. */
function tomorrowMorning(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(8, 0, 0, 0);
  return date;
}

/**
 * My notification settings (`/settings/notifications`, docs/notifications.md): web push for this browser,
 * my default level, email digests, quiet hours and a snooze. Its own chunk, loaded when opened.
 */
export default function NotificationSettings({ client }: { client: ParleyClient }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    unwrap<Settings>(client.rest.GET('/api/v1/users/me/notification-settings')).then(setSettings, (failure: unknown) => setError(describe(failure)));
  }, [client]);

  return (
    <section className="panel profile" aria-labelledby="notification-settings-title">
      <h1 id="notification-settings-title" tabIndex={-1} ref={heading}>
        Notifications
      </h1>
      <p className="hint">
        While you have Parley open you see new messages live. These settings are for when you are away: a notification from this browser, and an email
        digest.
      </p>
      <section className="profile__section" aria-labelledby="push-title">
        <h2 id="push-title">This browser</h2>
        <PushToggle client={client} />
        <p className="hint">Your browser asks for permission when you turn this on. Each browser and device is turned on separately.</p>
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!settings && !error && <p role="status">Loading your settings…</p>}
      {settings && <Preferences client={client} settings={settings} onSaved={setSettings} />}
      {settings && <Snooze client={client} settings={settings} onSaved={setSettings} />}
    </section>
  );
}

function Preferences({ client, settings, onSaved }: { client: ParleyClient; settings: Settings; onSaved: (s: Settings) => void }) {
  const state = useFormState();
  const [quiet, setQuiet] = useState(settings.quiet_hours !== null);
  // Never set (the server's UTC and no quiet hours): this browser's zone is the likelier one.
  const zone = settings.quiet_hours || settings.time_zone !== 'UTC' ? settings.time_zone : browserTimeZone();
  const [zones] = useState(() => timeZones(zone, browserTimeZone()));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const body = {
      level: (text('level') || null) as Level | null,
      email: form.get('email') === 'on',
      quiet_hours: quiet ? { start: text('quiet_start'), end: text('quiet_end') } : null,
      time_zone: text('time_zone'),
    };
    await state.run(
      async () => onSaved(await unwrap<Settings>(client.rest.PATCH('/api/v1/users/me/notification-settings', { body }))),
      'Notification settings saved.',
      ['level', 'email', 'quiet_hours', 'time_zone'],
    );
  }

  return (
    <form onSubmit={save} className="profile__section" aria-labelledby="level-title">
      <h2 id="level-title">What reaches me</h2>
      <fieldset>
        <legend>Notify me about</legend>
        {LEVELS.map((level) => (
          <label key={level.value} className="check">
            <input type="radio" name="level" value={level.value} defaultChecked={(settings.level ?? '') === level.value} /> {level.label}
          </label>
        ))}
        <span className="field-help">A room’s own setting (in its room settings) comes first; a muted room sends nothing.</span>
      </fieldset>
      <label className="check">
        <input type="checkbox" name="email" defaultChecked={settings.email} /> Email me a digest of unread direct messages and mentions
      </label>
      <fieldset aria-describedby="quiet-help">
        <legend>Quiet hours</legend>
        <label className="check">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} /> Hold notifications during quiet hours
        </label>
        <span className="field-help" id="quiet-help">
          A notification due in quiet hours waits until they end, and goes only if the messages are still unread then.
        </span>
        <Field label="From" errors={state.fields['quiet_hours.start']}>
          {(a11y) => (
            <input
              {...a11y}
              name="quiet_start"
              type="time"
              required={quiet}
              disabled={!quiet}
              defaultValue={settings.quiet_hours?.start ?? '22:00'}
            />
          )}
        </Field>
        <Field label="Until" errors={state.fields['quiet_hours.end']}>
          {(a11y) => (
            <input {...a11y} name="quiet_end" type="time" required={quiet} disabled={!quiet} defaultValue={settings.quiet_hours?.end ?? '07:00'} />
          )}
        </Field>
        <Field label="Time zone" errors={state.fields.time_zone}>
          {(a11y) => (
            <select {...a11y} name="time_zone" defaultValue={zone}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <FormOutcome state={state} />
      <button type="submit" disabled={state.busy}>
        Save notification settings
      </button>
    </form>
  );
}

function Snooze({ client, settings, onSaved }: { client: ParleyClient; settings: Settings; onSaved: (s: Settings) => void }) {
  const state = useFormState();
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string[] | undefined>();
  const snoozed = settings.snooze_until !== null && new Date(settings.snooze_until) > new Date();
  const snooze = (until: Date | null, done: string) =>
    state.run(async () => {
      const body = { snooze_until: until ? until.toISOString() : null };
      onSaved(await unwrap<Settings>(client.rest.PATCH('/api/v1/users/me/notification-settings', { body })));
    }, done);
  const later = (until: Date) => snooze(until, `Snoozed until ${when(until.toISOString())}.`);

  function snoozeCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const until = new Date(custom);
    if (Number.isNaN(until.getTime()) || until <= new Date()) return setCustomError(['Pick a time in the future.']);
    setCustomError(undefined);
    void later(until);
  }

  return (
    <section className="profile__section" aria-labelledby="snooze-title">
      <h2 id="snooze-title">Snooze</h2>
      <p>{snoozed ? `Snoozed until ${when(settings.snooze_until!)}: nothing is sent before then.` : 'Not snoozed.'}</p>
      <div className="button-row">
        <button type="button" className="secondary" disabled={state.busy} onClick={() => void later(new Date(Date.now() + 3600_000))}>
          Snooze for 1 hour
        </button>
        <button type="button" className="secondary" disabled={state.busy} onClick={() => void later(tomorrowMorning())}>
          Snooze until tomorrow, 08:00
        </button>
        {snoozed && (
          <button type="button" disabled={state.busy} onClick={() => void snooze(null, 'Snooze ended.')}>
            End the snooze
          </button>
        )}
      </div>
      <form onSubmit={snoozeCustom} aria-label="Snooze until a time you pick">
        <Field label="Snooze until" errors={customError}>
          {(a11y) => <input {...a11y} type="datetime-local" required value={custom} onChange={(e) => setCustom(e.currentTarget.value)} />}
        </Field>
        <button type="submit" className="secondary" disabled={state.busy}>
          Snooze until then
        </button>
      </form>
      <FormOutcome state={state} />
    </section>
  );
}
