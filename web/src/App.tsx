import type { ParleyClient } from '@parley/client';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { BrowseRooms } from './components/BrowseRooms';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Invitations } from './components/Invitations';
import { RoomView } from './components/RoomView';
import { Sidebar } from './components/Sidebar';
import { SignIn } from './components/SignIn';
import { navigate, roomIdOf, usePath } from './router';
import { hasSavedSession, onSignedInElsewhere, resumeSession } from './session';
import { useRooms } from './store';

const MentionsInbox = lazy(() => import('./components/MentionsInbox'));
const PAGES: Record<string, string> = { '/browse': 'browse', '/invitations': 'invitations', '/mentions': 'mentions' };

/** Signed out: the sign-in screen; signed in: the chat. A saved session resumes on reload and in new tabs. */
export function App() {
  const [client, setClient] = useState<ParleyClient | null>(null);
  const [resuming, setResuming] = useState(hasSavedSession());

  useEffect(() => {
    if (!resuming) return;
    resumeSession()
      .then(setClient, () => undefined)
      .finally(() => setResuming(false));
  }, [resuming]);

  // Signed in from another tab of this browser: the same session here.
  useEffect(() => (client || resuming ? undefined : onSignedInElsewhere(() => setResuming(true))), [client, resuming]);

  useEffect(() => {
    if (!client) return;
    return client.on('tokens', (tokens) => {
      if (tokens) return;
      client.close();
      setClient(null);
    });
  }, [client]);

  if (resuming)
    return (
      <p className="splash" role="status">
        Loading Parley…
      </p>
    );
  if (!client) return <SignIn onSignedIn={setClient} />;
  return <Chat client={client} onSignOut={() => void client.logout()} />;
}

function Chat({ client, onSignOut }: { client: ParleyClient; onSignOut: () => void }) {
  const path = usePath();
  const roomId = roomIdOf(path);
  const rooms = useRooms(client, roomId);
  const page = roomId ? 'room' : (PAGES[path] ?? 'home');
  const me = useMemo(() => client.user!, [client]);

  useEffect(() => {
    if (path === '/login') navigate('/');
  }, [path]);

  return (
    <div className={`app app--${page}`}>
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          Parley
        </a>
        <ConnectionBanner client={client} />
        <span className="me" aria-label={`Signed in as ${me.display_name}`}>
          {me.display_name}
        </span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <Sidebar client={client} rooms={rooms} activeId={roomId} />
      <main className="main" id="main">
        {page === 'room' && <RoomView key={roomId} client={client} roomId={roomId!} rooms={rooms} />}
        {page === 'browse' && <BrowseRooms client={client} onJoined={(id) => void rooms.reload().then(() => navigate(`/rooms/${id}`))} />}
        {page === 'mentions' && (
          <Suspense fallback={<p role="status">Loading mentions…</p>}>
            <MentionsInbox client={client} rooms={rooms} />
          </Suspense>
        )}
        {page === 'invitations' && <Invitations client={client} onChange={() => void Promise.all([rooms.reload(), rooms.reloadInvitations()])} />}
        {page === 'home' && (
          <section className="empty" aria-labelledby="welcome">
            <h1 id="welcome">Welcome, {me.display_name}</h1>
            <p>Pick a room, start a new one, or browse public rooms.</p>
          </section>
        )}
      </main>
    </div>
  );
}
