import type { ParleyClient, Report } from '@parley/client';
import { useEffect, useState } from 'react';
import { REASONS, type ReportReason } from '@parley/react/internal';

const OUTCOME: Record<string, string> = {
  dismiss: 'no action was needed',
  delete_message: 'the message was deleted',
  mute: 'the sender was muted',
  kick: 'the sender was removed from the room',
  ban: 'the sender was banned from the room',
};

/** Things that happened to me elsewhere, announced politely: for now, the outcome of my reports (`report:resolved`). */
export function Notices({ client }: { client: ParleyClient }) {
  const [notices, setNotices] = useState<{ id: string; text: string }[]>([]);
  useEffect(
    () =>
      client.on('reportResolved', (report: Report) => {
        const what = report.target_type === 'message' ? 'a message' : 'a person';
        const reason = REASONS[report.reason as ReportReason]?.toLowerCase() ?? report.reason;
        const text = `Your report of ${what} (${reason}) was resolved: ${OUTCOME[report.action ?? ''] ?? 'closed'}.`;
        setNotices((list) => [...list.filter((n) => n.id !== report.id), { id: report.id, text }]);
      }),
    [client],
  );
  return (
    <div className="notices" role="status">
      {notices.map((n) => (
        <p key={n.id} className="notice">
          {n.text}{' '}
          <button type="button" className="link" onClick={() => setNotices((list) => list.filter((x) => x.id !== n.id))}>
            Dismiss<span className="sr-only"> this notice</span>
          </button>
        </p>
      ))}
    </div>
  );
}
