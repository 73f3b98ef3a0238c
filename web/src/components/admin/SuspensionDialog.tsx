import { type ParleyClient, ParleyError, type Suspension, type User, unwrap } from '@parley/client';
import { describe, Dialog, Field, FormOutcome, useFormState } from '@parley/react/internal';
import { type FormEvent, useEffect, useRef, useState } from 'react';

/** A time with its full year (a suspension may run for years). */
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Global admins: one person's deployment-wide suspension (`/admin/users/{id}/suspension`): the one that
 * applies (reason, since, until) with "Lift suspension", or a form to suspend them (a reason, and an
 * end or none: until lifted). Suspending ends every session of theirs at once; sign-in is refused.
 */
export function SuspensionDialog({ client, user, onClose }: { client: ParleyClient; user: User; onClose: () => void }) {
  const state = useFormState();
  /** undefined: loading; null: none applies. */
  const [suspension, setSuspension] = useState<Suspension | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const heading = useRef<HTMLParagraphElement>(null);
  const reason = useRef<HTMLTextAreaElement>(null);
  /** After suspending or lifting, the part that replaced the form or the button takes the focus. */
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (suspension ? heading.current : reason.current)?.focus();
  }, [suspension]);
  const path = { params: { path: { id: user.id } } };
  const name = `${user.display_name} (@${user.username})`;

  useEffect(() => {
    unwrap<Suspension>(client.rest.GET('/api/v1/admin/users/{id}/suspension', { params: { path: { id: user.id } } })).then(
      setSuspension,
      (failure: unknown) => {
        if (failure instanceof ParleyError && failure.status === 404) setSuspension(null);
        else setLoadError(describe(failure));
      },
    );
  }, [client, user.id]);

  async function suspend(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const until = String(form.get('until') ?? '');
    const body = { reason: String(form.get('reason') ?? '').trim(), until: until ? new Date(until).toISOString() : null };
    let made: Suspension | null = null;
    const ok = await state.run(
      async () => (made = await unwrap<Suspension>(client.rest.POST('/api/v1/admin/users/{id}/suspension', { ...path, body }))),
      `${name} is suspended: their sessions ended, and they cannot sign in${body.until ? ` until ${when(body.until)}` : ' until the suspension is lifted'}.`,
      ['reason', 'until'],
    );
    if (ok) {
      moved.current = true;
      setSuspension(made);
    }
  }

  async function lift() {
    if (await state.run(() => unwrap(client.rest.DELETE('/api/v1/admin/users/{id}/suspension', path)), `${name} may sign in again.`)) {
      moved.current = true;
      setSuspension(null);
    }
  }

  return (
    <Dialog title={`Suspension of ${name}`} onClose={onClose}>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {suspension === undefined && !loadError && <p role="status">Loading…</p>}
      {suspension && (
        <div className="suspension">
          <p ref={heading} tabIndex={-1}>
            <strong>Suspended</strong> since {when(suspension.created_at)}, {suspension.until ? `until ${when(suspension.until)}` : 'until lifted'}.
          </p>
          <p>Reason: {suspension.reason}</p>
        </div>
      )}
      {suspension === null && (
        <form onSubmit={suspend} aria-label={`Suspend ${name}`}>
          <p>Not suspended. Suspending ends every session of theirs at once and refuses their sign-in; their messages and memberships stay.</p>
          <Field label="Reason (kept in the audit log and in their data export)" errors={state.fields.reason}>
            {(a11y) => <textarea {...a11y} ref={reason} name="reason" rows={3} required maxLength={500} />}
          </Field>
          <Field label="Until (optional)" hint="Leave empty to suspend until lifted." errors={state.fields.until}>
            {(a11y) => <input {...a11y} name="until" type="datetime-local" />}
          </Field>
          <FormOutcome state={state} />
          <div className="dialog__buttons">
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="danger" disabled={state.busy}>
              Suspend
            </button>
          </div>
        </form>
      )}
      {suspension && (
        <>
          <FormOutcome state={state} />
          <div className="dialog__buttons">
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
            <button type="button" disabled={state.busy} onClick={() => void lift()}>
              Lift suspension
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
