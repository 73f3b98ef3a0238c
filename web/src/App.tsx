import { type ParleyClient, ParleyError } from '@parley/client';
import { lazy, Suspense, useEffect, useState } from 'react';
import { BrowseRooms } from './components/BrowseRooms';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Invitations } from './components/Invitations';
import { Notices } from './components/Notices';
import { Profile } from './components/Profile';
import { UserProfile } from './components/UserProfile';
import { RoomPage } from './components/RoomPage';
import { SearchBox } from './components/SearchBox';
import { Shortcuts } from './components/Shortcuts';
import { Sidebar } from './components/Sidebar';
import { SignIn, SUSPENDED_SIGNED_OUT } from './components/SignIn';
import { ThemeToggle } from './components/ThemeToggle';
import { navigate, roomIdOf, usePath, userIdOf } from './router';
import { hasHandoff, hasSavedSession, onSignedInElsewhere, resumeSession, signInWithHandoff, signOut } from './session';
import { ParleyProvider, useRooms } from '@parley/react';

const MentionsInbox = lazy(() => import('./components/MentionsInbox'));
const SearchPage = lazy(() => import('./components/SearchPage'));
const NotificationSettings = lazy(() => import('./notifications/NotificationSettings'));

const HANDOFF_FAILED = 'That sign-in link has expired or was already used. Sign in again.';

/** Signed out: the sign-in screen; signed in: the chat. A saved session resumes on reload and in new tabs. */
export function App() {
  const [client, setClient] = useState<ParleyClient | null>(null);
  // A sign-in handed over in the address (#handoff=, from an identity provider or an LTI launch) comes first.
  const [handoff, setHandoff] = useState(hasHandoff());
  const [resuming, setResuming] = useState(hasHandoff() || hasSavedSession());

  // Why the last session ended, when the sign-in screen should say it (a suspension).
  const [ended, setEnded] = useState<string | null>(null);

  useEffect(() => {
    if (!resuming) return;
    (handoff ? signInWithHandoff() : resumeSession())
      .then(setClient, (failure: unknown) => {
        if (failure instanceof ParleyError && failure.code === 'account_suspended') setEnded(SUSPENDED_SIGNED_OUT);
        else if (handoff) setEnded(HANDOFF_FAILED);
      })
      .finally(() => {
        setHandoff(false);
        setResuming(false);
      });
  }, [resuming, handoff]);

  // Signed in from another tab of this browser: the same session here.
  useEffect(() => (client || resuming ? undefined : onSignedInElsewhere(() => setResuming(true))), [client, resuming]);

  useEffect(() => {
    if (!client) return;
    return client.on('signedOut', ({ reason }) => {
      client.close();
      setEnded(reason === 'account_suspended' ? SUSPENDED_SIGNED_OUT : null);
      setClient(null);
    });
  }, [client]);

  if (resuming)
    return (
      <p className="splash" role="status">
        Loading Parley…
      </p>
    );
  if (!client)
    return (
      <SignIn
        notice={ended}
        onSignedIn={(signedIn) => {
          setEnded(null);
          setClient(signedIn);
        }}
      />
    );
  return (
    <ParleyProvider client={client} navigate={navigate}>
      <Chat client={client} onSignOut={() => void signOut(client)} />
    </ParleyProvider>
  );
}

// The console is its own chunk: most people never open it, so the first load does not carry it.
const AdminConsole = lazy(() => import('./components/admin/AdminConsole').then((m) => ({ default: m.AdminConsole })));

const PAGES: Record<string, string> = {
  '/browse': 'browse',
  '/invitations': 'invitations',
  '/mentions': 'mentions',
  '/profile': 'profile',
  '/search': 'search',
  '/settings/notifications': 'notifications',
};

function Chat({ client, onSignOut }: { client: ParleyClient; onSignOut: () => void }) {
  const path = usePath();
  const roomId = roomIdOf(path);
  const rooms = useRooms(client, roomId);
  const userId = userIdOf(path);
  const page = roomId ? 'room' : userId ? 'user' : path === '/admin' || path.startsWith('/admin/') ? 'admin' : (PAGES[path] ?? 'home');
  const [me, setMe] = useState(() => client.user!);
  useEffect(() => client.on('user', setMe), [client]);
  const moderates = me.role === 'admin' || rooms.rooms.some((r) => r.my_role === 'owner' || r.my_role === 'admin');

  useEffect(() => {
    if (path === '/login') navigate('/');
  }, [path]);

  return (
    <div className={`app app--${page}`}>
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          Parley
        </a>
        <SearchBox />
        <ConnectionBanner client={client} />
        {moderates && (
          <a href="/admin/reports" onClick={(e) => (e.preventDefault(), navigate('/admin/reports'))}>
            {me.role === 'admin' ? 'Admin' : 'Moderation'}
          </a>
        )}
        <a href="/settings/notifications" onClick={(e) => (e.preventDefault(), navigate('/settings/notifications'))}>
          Notifications
        </a>
        <a className="me" href="/profile" onClick={(e) => (e.preventDefault(), navigate('/profile'))}>
          {me.display_name}
          <span className="sr-only"> (your profile)</span>
        </a>
        <ThemeToggle />
        <Shortcuts client={client} rooms={rooms} activeId={roomId} />
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <Sidebar client={client} rooms={rooms} activeId={roomId} />
      <main className="main" id="main">
        {page === 'room' && <RoomPage key={roomId} client={client} roomId={roomId!} rooms={rooms} />}
        {page === 'browse' && <BrowseRooms client={client} onJoined={(id) => void rooms.reload().then(() => navigate(`/rooms/${id}`))} />}
        {page === 'mentions' && (
          <Suspense fallback={<p role="status">Loading mentions…</p>}>
            <MentionsInbox client={client} rooms={rooms} />
          </Suspense>
        )}
        {page === 'search' && (
          <Suspense fallback={<p role="status">Loading search…</p>}>
            <SearchPage client={client} rooms={rooms} />
          </Suspense>
        )}
        {page === 'invitations' && <Invitations client={client} onChange={() => void Promise.all([rooms.reload(), rooms.reloadInvitations()])} />}
        {page === 'profile' && <Profile client={client} />}
        {page === 'notifications' && (
          <Suspense fallback={<p role="status">Loading notification settings…</p>}>
            <NotificationSettings client={client} />
          </Suspense>
        )}
        {page === 'user' && <UserProfile key={userId} client={client} userId={userId!} />}
        {page === 'admin' && (
          <Suspense
            fallback={
              <p className="panel" role="status">
                Loading the console…
              </p>
            }
          >
            <AdminConsole client={client} path={path} rooms={rooms.rooms} />
          </Suspense>
        )}
        {page === 'home' && (
          <section className="empty" aria-labelledby="welcome">
            <h1 id="welcome">Welcome, {me.display_name}</h1>
            <p>Pick a room, start a new one, or browse public rooms.</p>
          </section>
        )}
      </main>
      <Notices client={client} />
    </div>
  );
}
