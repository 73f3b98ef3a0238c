import { type components, type ParleyClient, unwrap } from '@parley/client';
import { type FormEvent, Suspense, useCallback, useEffect, useState } from 'react';
import { describe, Field, FormOutcome, HistoryDialog, REASONS, useFormState } from '@parley/react/internal';
import { useNames, when } from './names';

type Report = components['schemas']['ReportResponse'];
type Action = components['schemas']['ResolveReportDto']['action'];
type Names = ReturnType<typeof useNames>;

const ACTIONS: Record<Action, string> = {
  dismiss: 'Dismiss (no action)',
  delete_message: 'Delete the message',
  mute: 'Mute the sender',
  kick: 'Remove the sender from the room',
  ban: 'Ban the sender from the room',
};
/**
 * A new report arrives live (`reportCreated`, sent to those who may resolve it); another moderator's
 * resolution has no event for the others, so the queue is also read again this often while open.
 */
const POLL_MS = 15_000;

/** The reports queue: reports on rooms I own or administer (global admins: all), open or resolved, with the resolve actions. */
export function Reports({ client }: { client: ParleyClient }) {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [reports, setReports] = useState<Report[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [arrived, setArrived] = useState('');
  const names = useNames(client, {
    users: reports?.flatMap((r) => [r.reporter_id, r.target_user_id]),
    rooms: reports?.map((r) => r.room_id),
  });

  const load = useCallback(
    async (before?: string) => {
      try {
        const page = await unwrap<{ next: string | null; results: Report[] }>(
          client.rest.GET('/api/v1/moderation/reports', { params: { query: { status, limit: 25, ...(before ? { before } : {}) } } }),
        );
        setReports((prev) => (before ? [...(prev ?? []), ...page.results] : page.results));
        setNext(page.next ? (page.results[page.results.length - 1]?.id ?? null) : null);
        setError(null);
      } catch (failure) {
        setError(describe(failure));
      }
    },
    [client, status],
  );
  useEffect(() => {
    void load();
    const poll = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(poll);
  }, [load]);
  useEffect(
    () =>
      client.on('reportCreated', (created) => {
        if (status !== 'open') return;
        const report = created as Report; // the moderator's view, as the queue lists it
        setReports((prev) => (prev && !prev.some((r) => r.id === report.id) ? [report, ...prev] : prev));
        setArrived(`New report: ${REASONS[report.reason]}.`);
      }),
    [client, status],
  );

  return (
    <div>
      <div className="console__toolbar">
        <label htmlFor="report-status">Show</label>
        <select id="report-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as 'open' | 'resolved')}>
          <option value="open">Open reports</option>
          <option value="resolved">Resolved reports</option>
        </select>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" role="status">
        {arrived}
      </p>
      {reports?.length === 0 && <p>{status === 'open' ? 'No open reports.' : 'No resolved reports.'}</p>}
      <ul className="console__list" aria-label={status === 'open' ? 'Open reports' : 'Resolved reports'}>
        {reports?.map((report) => (
          <ReportCard key={report.id} client={client} report={report} names={names} onResolved={() => void load()} />
        ))}
      </ul>
      {next && (
        <button type="button" className="secondary" onClick={() => void load(next)}>
          Load older reports
        </button>
      )}
    </div>
  );
}

function ReportCard({ client, report, names, onResolved }: { client: ParleyClient; report: Report; names: Names; onResolved: () => void }) {
  const state = useFormState();
  const [action, setAction] = useState<Action>('dismiss');
  const [showHistory, setShowHistory] = useState(false);
  const version = report.target_type === 'message' ? (report.target_version ?? null) : null;
  const about = report.target_type === 'message' ? `Message by ${names.user(report.target_user_id)}` : `User ${names.user(report.target_id)}`;
  // Acting on a sender needs the report's room; deleting needs a message.
  const actions = (Object.keys(ACTIONS) as Action[]).filter(
    (a) => a === 'dismiss' || (report.room_id && (a !== 'delete_message' || report.target_type === 'message')),
  );

  async function resolve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    const body = { action, ...(action === 'mute' ? { mute_minutes: Number(form.get('mute_minutes')) } : {}), ...(note ? { note } : {}) };
    const path = { params: { path: { id: report.id } } };
    if (
      await state.run(() => unwrap(client.rest.POST('/api/v1/moderation/reports/{id}/resolve', { ...path, body })), undefined, [
        'note',
        'mute_minutes',
      ])
    )
      onResolved();
  }

  const titleId = `report-${report.id}`;
  return (
    <li className="card report">
      <h2 id={titleId} className="report__title">
        {REASONS[report.reason]}: {about}
      </h2>
      <p className="hint">
        {report.room_id ? `In ${names.room(report.room_id)} · ` : ''}reported by {names.user(report.reporter_id)} · {when(report.created_at)}
      </p>
      {report.target_content !== undefined && <blockquote className="quote">{report.target_content || '(no text)'}</blockquote>}
      {version !== null && report.room_id && (
        <p className="hint">
          Reported as version {version} ({version === 0 ? 'as sent' : `after ${version === 1 ? '1 edit' : `${version} edits`}`}) ·{' '}
          <button type="button" className="link" aria-haspopup="dialog" onClick={() => setShowHistory(true)}>
            Edit history<span className="sr-only"> of the reported message</span>
          </button>
        </p>
      )}
      {showHistory && report.room_id && (
        <Suspense fallback={<p role="status">Loading the history…</p>}>
          <HistoryDialog
            client={client}
            roomId={report.room_id}
            messageId={report.target_id}
            reportedVersion={version}
            onClose={() => setShowHistory(false)}
          />
        </Suspense>
      )}
      {report.details && <p>“{report.details}”</p>}
      {report.status === 'resolved' ? (
        <p>
          Resolved {when(report.resolved_at)}: {ACTIONS[report.action ?? 'dismiss']}
          {report.resolution_note ? ` — ${report.resolution_note}` : ''}
        </p>
      ) : (
        <form onSubmit={resolve} className="report__resolve" aria-label={`Resolve: ${about}`}>
          <Field label="Action">
            {(a11y) => (
              <select {...a11y} name="action" value={action} onChange={(e) => setAction(e.currentTarget.value as Action)}>
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {ACTIONS[a]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {action === 'mute' && (
            <Field label="Mute for (minutes)" errors={state.fields.mute_minutes}>
              {(a11y) => <input {...a11y} name="mute_minutes" type="number" min={1} max={43200} defaultValue={60} />}
            </Field>
          )}
          <Field label="Note (kept with the report and in the audit log)" errors={state.fields.note}>
            {(a11y) => <input {...a11y} name="note" maxLength={1000} />}
          </Field>
          <FormOutcome state={state} />
          <button type="submit" disabled={state.busy}>
            Resolve
          </button>
        </form>
      )}
    </li>
  );
}
