import { type Message, type MessageRevision, type ParleyClient, unwrap } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describe } from '../errors';
import { Dialog } from './Dialog';

export interface HistoryDialogProps {
  client: ParleyClient;
  roomId: string;
  messageId: string;
  /** The message as shown (its current text heads the list); read from Parley when not given. */
  message?: Message;
  /** The version a report was filed against: marked "reported". */
  reportedVersion?: number | null;
  onClose: () => void;
}

const PAGE = 20;

/** "Version 2 · after 2 edits", "Version 0 · as sent". */
function versionName(version: number): string {
  if (version === 0) return 'Version 0 · as sent';
  return `Version ${version} · after ${version === 1 ? '1 edit' : `${version} edits`}`;
}

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A message's edit history in a modal dialog (its own chunk, loaded when first opened): the current
 * text, then every earlier version, newest first (`client.revisions`, paged by version with "Load older
 * versions"), each with when it was written and what replaced it (an edit, or the deletion, whose blanked
 * text moderators read here). Escape or Close closes it and focus returns to what opened it; the first
 * version of a newly loaded page takes the focus.
 */
export default function HistoryDialog({ client, roomId, messageId, message: given, reportedVersion = null, onClose }: HistoryDialogProps) {
  const [message, setMessage] = useState<Message | null>(given ?? null);
  const [versions, setVersions] = useState<MessageRevision[] | null>(null);
  const [current, setCurrent] = useState<number | null>(null);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  /** The version to focus once rendered (the first of a page loaded with "Load older versions"). */
  const focusVersion = useRef<number | null>(null);
  const list = useRef<HTMLOListElement>(null);

  const load = useCallback(
    async (before?: number) => {
      setBusy(true);
      try {
        const page = await client.revisions(roomId, messageId, { limit: PAGE, ...(before === undefined ? {} : { before }) });
        setVersions((prev) => (before === undefined ? page.results : [...(prev ?? []), ...page.results]));
        setCurrent(page.current_version);
        setMore(page.next !== null && page.results.length > 0);
        if (before !== undefined) focusVersion.current = page.results[0]?.version ?? null;
        setError(null);
      } catch (failure) {
        setError(describe(failure));
      } finally {
        setBusy(false);
      }
    },
    [client, roomId, messageId],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (given) return;
    void unwrap<Message>(client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}', { params: { path: { id: roomId, messageId } } })).then(
      setMessage,
      () => undefined, // the versions still show
    );
  }, [client, roomId, messageId, given]);
  useEffect(() => {
    const version = focusVersion.current;
    if (version === null) return;
    focusVersion.current = null;
    const item = list.current?.querySelector<HTMLElement>(`[data-version="${version}"]`);
    if (!item) return;
    item.tabIndex = -1;
    item.focus();
  }, [versions]);

  const live = message && !message.deleted;
  const count = versions?.length ?? 0;
  const summary = busy
    ? 'Loading versions…'
    : versions === null
      ? ''
      : count === 0
        ? 'No earlier versions.'
        : `${count === 1 ? '1 earlier version' : `${count} earlier versions`}${more ? ' so far, more with “Load older versions”' : ''}.`;

  return (
    <Dialog title="Edit history" onClose={onClose} wide>
      {message?.sender && <p className="hint">A message from {message.sender.display_name}, newest version first.</p>}
      <p className="sr-only" role="status">
        {summary}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {versions && (
        <ol className="history" ref={list} aria-label="Versions, newest first">
          {live && current !== null && (
            <li className="history__version history__version--current" data-version={current}>
              <p className="history__head">
                <strong>{versionName(current)}</strong> (current)
                {reportedVersion === current && <span className="history__reported"> · reported</span>}
              </p>
              <p className="hint">
                Written <time dateTime={message.edited_at ?? message.created_at}>{when(message.edited_at ?? message.created_at)}</time>
              </p>
              <p className="history__text">{message.content || '(no text)'}</p>
            </li>
          )}
          {versions.map((v) => (
            <li key={v.version} className="history__version" data-version={v.version}>
              <p className="history__head">
                <strong>{versionName(v.version)}</strong>
                {reportedVersion === v.version && <span className="history__reported"> · reported</span>}
              </p>
              <p className="hint">
                Written <time dateTime={v.written_at}>{when(v.written_at)}</time>; {v.replaced_by === 'delete' ? 'deleted' : 'replaced by an edit'}{' '}
                <time dateTime={v.replaced_at}>{when(v.replaced_at)}</time>
              </p>
              <p className="history__text">{v.content || '(no text)'}</p>
            </li>
          ))}
        </ol>
      )}
      <div className="dialog__buttons">
        {more && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void load(versions?.[versions.length - 1]?.version)}>
            Load older versions
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
