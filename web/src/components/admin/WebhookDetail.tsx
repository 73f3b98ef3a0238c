import { type components, type ParleyClient, unwrap } from '@parley/client';
import { useCallback, useEffect, useState } from 'react';
import { describe, FormOutcome, useFormState } from '@parley/react/internal';
import { when } from './names';
import type { Webhook } from './Webhooks';

type Delivery = components['schemas']['WebhookDeliveryResponse'];
/** Deliveries are read again this often while one is pending (Parley sends no event for them). */
const PENDING_POLL_MS = 2_000;

/** One webhook: test, enable or disable, rotate its secret, delete; its deliveries with Redeliver and "Retry failed". */
export function WebhookDetail({
  client,
  hook,
  onChanged,
  onSecret,
}: {
  client: ParleyClient;
  hook: Webhook;
  onChanged: () => void;
  onSecret: (secret: string) => void;
}) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'rotate' | 'delete' | null>(null);
  const state = useFormState();
  const path = { params: { path: { id: hook.id } } };

  const load = useCallback(
    () =>
      unwrap<{ results: Delivery[] }>(
        client.rest.GET('/api/v1/admin/webhooks/{id}/deliveries', { params: { path: { id: hook.id }, query: { limit: 20 } } }),
      ).then(
        (page) => (setDeliveries(page.results), setError(null)),
        (failure: unknown) => setError(describe(failure)),
      ),
    [client, hook.id],
  );
  useEffect(() => void load(), [load]);
  const pending = deliveries?.some((d) => d.status === 'pending');
  useEffect(() => {
    if (!pending) return;
    const poll = setInterval(() => void load(), PENDING_POLL_MS);
    return () => clearInterval(poll);
  }, [pending, load]);

  const act = <T,>(run: () => Promise<T>, done: string | ((result: T) => string)) =>
    state.run(async () => {
      const result = await run();
      onChanged();
      await load();
      return result;
    }, done);
  const test = () => act(() => unwrap(client.rest.POST('/api/v1/admin/webhooks/{id}/test', path)), 'Test event queued.');
  const toggle = () =>
    act(
      () => unwrap(client.rest.PATCH('/api/v1/admin/webhooks/{id}', { ...path, body: { enabled: !hook.enabled } })),
      hook.enabled ? 'Disabled.' : 'Enabled.',
    );
  const retryFailed = () =>
    act(
      () => unwrap<{ requeued: number }>(client.rest.POST('/api/v1/admin/webhooks/{id}/replay', path)),
      ({ requeued }) =>
        requeued ? `${requeued} failed ${requeued === 1 ? 'delivery' : 'deliveries'} queued again.` : 'No failed deliveries to retry.',
    );
  const rotate = () =>
    act(async () => {
      const rotated = await unwrap<{ secret: string }>(client.rest.POST('/api/v1/admin/webhooks/{id}/rotate-secret', path));
      setConfirm(null);
      onSecret(rotated.secret);
    }, 'New secret made: deliveries are signed with it from now on.');
  const remove = () => act(() => unwrap(client.rest.DELETE('/api/v1/admin/webhooks/{id}', path)), 'Webhook deleted.');
  const redeliver = (d: Delivery) =>
    act(
      () =>
        unwrap(
          client.rest.POST('/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { id: hook.id, deliveryId: d.id } } }),
        ),
      `Delivery of ${d.event_type} queued again.`,
    );

  return (
    <section className="card webhook-detail" aria-labelledby="hook-title">
      <h2 id="hook-title">
        Webhook <code>{hook.url}</code>
      </h2>
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => void test()}>
          Send a test event
        </button>
        <button type="button" className="secondary" onClick={() => void toggle()}>
          {hook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="secondary" onClick={() => void retryFailed()}>
          Retry failed deliveries
        </button>
        <button type="button" className="secondary" onClick={() => setConfirm('rotate')}>
          Rotate secret…
        </button>
        <button type="button" className="danger" onClick={() => setConfirm('delete')}>
          Delete…
        </button>
      </div>
      {confirm && (
        <div className="button-row" role="group" aria-label={confirm === 'rotate' ? 'Confirm rotating the secret' : 'Confirm deleting the webhook'}>
          <span>
            {confirm === 'rotate' ? 'Make a new signing secret? The old one stops working at once.' : 'Delete this webhook and its deliveries?'}
          </span>
          <button type="button" className="danger small" autoFocus onClick={() => void (confirm === 'rotate' ? rotate() : remove())}>
            {confirm === 'rotate' ? 'Rotate' : 'Delete'}
          </button>
          <button type="button" className="secondary small" onClick={() => setConfirm(null)}>
            Cancel
          </button>
        </div>
      )}
      <FormOutcome state={state} />
      <div className="console__toolbar">
        <h3 id="deliveries-title">Deliveries</h3>
        <button type="button" className="secondary small" onClick={() => void load()}>
          Refresh<span className="sr-only"> deliveries</span>
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {deliveries?.length === 0 && <p>None yet.</p>}
      {!!deliveries?.length && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="deliveries-title">
          <table className="console__table">
            <caption className="sr-only">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code>{d.event_type}</code>
                  </td>
                  <td className={`delivery--${d.status}`}>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td>{d.last_status_code ?? d.last_error ?? '—'}</td>
                  <td>{when(d.created_at)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => void redeliver(d)}>
                      Redeliver
                      <span className="sr-only">
                        {' '}
                        {d.event_type} of {when(d.created_at)}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
