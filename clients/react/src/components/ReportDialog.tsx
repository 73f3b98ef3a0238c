import { type components, type Message, type ParleyClient, ParleyError, type User, unwrap } from '@parley/client';
import { type FormEvent, useState } from 'react';
import { Dialog } from './Dialog';
import { Field, FormOutcome, useFormState } from './fields';

export type ReportReason = components['schemas']['CreateReportDto']['reason'];

export const REASONS: Record<ReportReason, string> = {
  spam: 'Spam',
  harassment: 'Harassment or bullying',
  hate: 'Hate speech',
  violence: 'Violence or threats',
  sexual: 'Sexual content',
  self_harm: 'Self-harm',
  misinformation: 'Misinformation',
  other: 'Something else',
};

export type ReportTarget = { kind: 'message'; roomId: string; message: Message } | { kind: 'user'; user: Pick<User, 'id' | 'display_name'> };

/**
 * Report a message (to the room's owners and admins) or a person (to Parley's administrators):
 * a reason, optional details, and for a message the choice to block its sender too.
 */
export function ReportDialog({ client, target, onClose }: { client: ParleyClient; target: ReportTarget; onClose: () => void }) {
  const state = useFormState();
  const [sent, setSent] = useState(false);
  const sender = target.kind === 'message' ? target.message.sender : target.user;
  const title =
    target.kind === 'message' ? `Report a message from ${sender?.display_name ?? 'a deleted user'}` : `Report ${target.user.display_name}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const details = String(form.get('details') ?? '').trim();
    const body = { reason: String(form.get('reason')) as ReportReason, ...(details ? { details } : {}) };
    const alsoBlock = form.get('block') === 'on' && sender;
    const ok = await state.run(
      async () => {
        try {
          if (target.kind === 'message')
            await unwrap(
              client.rest.POST('/api/v1/rooms/{id}/messages/{messageId}/report', {
                params: { path: { id: target.roomId, messageId: target.message.id } },
                body,
              }),
            );
          else await unwrap(client.rest.POST('/api/v1/users/{id}/report', { params: { path: { id: target.user.id } }, body }));
        } catch (failure) {
          if (failure instanceof ParleyError && failure.code === 'report_exists')
            throw new ParleyError(409, failure.code, 'You reported this already; that report is still open.');
          throw failure;
        }
        if (alsoBlock) await unwrap(client.rest.PUT('/api/v1/users/me/blocks/{userId}', { params: { path: { userId: sender.id } } }));
      },
      target.kind === 'message'
        ? `Report sent to the room’s moderators${alsoBlock ? `, and ${sender.display_name} is blocked` : ''}. You will hear when it is resolved.`
        : 'Report sent to Parley’s administrators. You will hear when it is resolved.',
      ['reason', 'details'],
    );
    setSent(ok);
  }

  return (
    <Dialog title={title} onClose={onClose}>
      {target.kind === 'message' && <blockquote className="quote">{target.message.content}</blockquote>}
      <form onSubmit={submit}>
        <Field label="Reason" errors={state.fields.reason}>
          {(a11y) => (
            <select {...a11y} name="reason" required defaultValue="">
              <option value="" disabled>
                Choose a reason
              </option>
              {Object.entries(REASONS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="What happened (optional)" errors={state.fields.details}>
          {(a11y) => <textarea {...a11y} name="details" rows={3} maxLength={2000} />}
        </Field>
        {target.kind === 'message' && sender && sender.id !== client.user?.id && (
          <label className="check">
            <input type="checkbox" name="block" /> Also block {sender.display_name}
          </label>
        )}
        <FormOutcome state={state} />
        <div className="dialog__buttons">
          <button type="button" className="secondary" onClick={onClose}>
            {sent ? 'Close' : 'Cancel'}
          </button>
          {!sent && (
            <button type="submit" disabled={state.busy}>
              Send report
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

/** The "Report" action on someone else's message (MessageItem shows it). */
export function ReportMessageButton({ client, roomId, message }: { client: ParleyClient; roomId: string; message: Message }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="link" onClick={() => setOpen(true)} aria-label={`Report message: ${message.content.slice(0, 40)}`}>
        Report
      </button>
      {open && <ReportDialog client={client} target={{ kind: 'message', roomId, message }} onClose={() => setOpen(false)} />}
    </>
  );
}
