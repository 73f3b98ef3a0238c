/**
 * A Parley room embedded in someone else's page: a token, a room id, a few lines.
 *
 * The page's backend gives the browser a Parley access token for the signed-in person (the platform API's
 * `POST /api/v1/platform/users/{external_id}/tokens`, or the identity provider's own token when Parley
 * trusts it). This demo reads it, the room and Parley's address from the URL's fragment (never sent to a
 * server): `#server=http://localhost:3000&token=eyJ...&room=<room id>`.
 */
import { type Message, ParleyClient } from '@parley/client';
import { ParleyProvider, Room, SearchPanel } from '@parley/react';
import '@parley/react/theme.css';
import '@parley/react/styles.css';
import { Suspense, useState } from 'react';
import { createPortal } from 'react-dom';
import { createRoot } from 'react-dom/client';

const settings = new URLSearchParams(location.hash.slice(1));
const token = settings.get('token') ?? '';
const roomId = settings.get('room') ?? '';

const client = new ParleyClient({
  baseUrl: settings.get('server') ?? '', // '' when this page is served from Parley's origin (or the dev server's proxy)
  tokens: { access_token: token, refresh_token: '', expires_at: Number(settings.get('expires_at')) || Date.now() + 15 * 60_000 },
});
const root = createRoot(document.getElementById('chat')!);

/**
 * The room, and beside it in the page's own column (#find) a search of the discussion standing on its own:
 * a hit opens the room at that message (or its thread), the room mounted anew at it.
 */
function Discussion() {
  const [at, setAt] = useState<{ key: number; seq?: number; thread?: string }>({ key: 0 });
  const open = (m: Message) =>
    setAt((prev) => ({ key: prev.key + 1, ...(m.thread_root_id && !m.also_in_room ? { thread: m.thread_root_id } : { seq: m.seq }) }));
  return (
    <>
      <Room key={at.key} roomId={roomId} targetSeq={at.seq} threadId={at.thread} />
      {createPortal(
        <Suspense fallback={<p role="status">Loading search…</p>}>
          <SearchPanel roomId={roomId} id="course-search" title="Search the discussion" onSelect={open} />
        </Suspense>,
        document.getElementById('find')!,
      )}
    </>
  );
}

client.connect().then(
  () =>
    root.render(
      <ParleyProvider client={client}>
        <Discussion />
      </ParleyProvider>,
    ),
  () => root.render(<p role="alert">The discussion could not be loaded. Sign in again.</p>),
);
