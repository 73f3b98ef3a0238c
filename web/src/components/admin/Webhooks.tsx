import { type components, type ParleyClient, unwrap } from '@parley/client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';
import { SecretOnce } from './SecretOnce';
import { WebhookDetail } from './WebhookDetail';

export type Webhook = components['schemas']['WebhookResponse'];
type EventType = NonNullable<components['schemas']['CreateWebhookDto']['event_types']>[number];

const EVENT_TYPES: EventType[] = [
  'message.created',
  'message.updated',
  'message.deleted',
  'room.created',
  'room.updated',
  'room.deleted',
  'member.joined',
  'member.left',
  'member.updated',
  'invitation.created',
];

/** Global admins: webhooks (create with their events; the signing secret shows once) and, for one, its deliveries and actions. */
export function Webhooks({ client }: { client: ParleyClient }) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useFormState();

  const load = useCallback(
    () =>
      unwrap<{ results: Webhook[] }>(client.rest.GET('/api/v1/admin/webhooks')).then(
        (page) => setHooks(page.results),
        (failure: unknown) => setError(describe(failure)),
      ),
    [client],
  );
  useEffect(() => void load(), [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = { url: String(data.get('url') ?? '').trim(), event_types: data.getAll('event_types').map(String) as EventType[] };
    await state.run(
      async () => {
        const created = await unwrap<{ id: string; secret: string }>(client.rest.POST('/api/v1/admin/webhooks', { body }));
        setSecret(created.secret);
        setSelected(created.id);
        form.reset();
        await load();
      },
      undefined,
      ['url', 'event_types'],
    );
  }

  const current = hooks?.find((h) => h.id === selected);
  return (
    <div>
      <form onSubmit={create} className="card console__form" aria-labelledby="new-hook-title" noValidate>
        <h2 id="new-hook-title">New webhook</h2>
        <Field label="URL" hint="Where Parley POSTs each event (https, a public address)." errors={state.fields.url}>
          {(a11y) => <input {...a11y} name="url" type="url" required autoComplete="url" />}
        </Field>
        <fieldset>
          <legend>Events (none ticked: every event)</legend>
          <div className="checks">
            {EVENT_TYPES.map((type) => (
              <label key={type}>
                <input type="checkbox" name="event_types" value={type} /> {type}
              </label>
            ))}
          </div>
          {state.fields.event_types && <span className="field-error">{state.fields.event_types.join(' ')}</span>}
        </fieldset>
        <FormOutcome state={state} />
        <button type="submit" disabled={state.busy}>
          Create webhook
        </button>
      </form>
      {secret && <SecretOnce label="The webhook’s signing secret." secret={secret} onDone={() => setSecret(null)} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {hooks?.length === 0 && <p>No webhooks yet.</p>}
      <ul className="console__list" aria-label="Webhooks">
        {hooks?.map((hook) => (
          <li key={hook.id} className={`card webhook${hook.id === selected ? ' webhook--selected' : ''}`}>
            <p className="webhook__url">
              <code>{hook.url}</code>
            </p>
            <p className="hint">
              {hook.enabled ? 'enabled' : 'disabled'} · {hook.event_types.length ? hook.event_types.join(', ') : 'every event'}
              {hook.failing_since && <span className="error"> · failing: {hook.failure_reason}</span>}
            </p>
            <button
              type="button"
              className="secondary small"
              aria-expanded={hook.id === selected}
              onClick={() => setSelected(hook.id === selected ? null : hook.id)}
            >
              {hook.id === selected ? 'Hide details' : 'Details and deliveries'}
              <span className="sr-only"> of {hook.url}</span>
            </button>
          </li>
        ))}
      </ul>
      {current && <WebhookDetail key={current.id} client={client} hook={current} onChanged={() => void load()} onSecret={setSecret} />}
    </div>
  );
}
