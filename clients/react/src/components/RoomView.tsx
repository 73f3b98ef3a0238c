import { type Message, type Room, unwrap } from '@parley/client';
import { type DragEvent, lazy, type ReactNode, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useParley } from '../context';
import { roomTitle } from '../display';
import { useRoom } from '../useRoom';
import { useUploads } from '../useUploads';
import { Composer } from './Composer';
import { MembersPanel } from './MembersPanel';
import type { MessageContext } from './MessageItem';
import { MessageList } from './MessageList';
import { canManage, useMyMembership } from '../membership';
import { showMessage } from '../showMessage';

const ThreadPanel = lazy(() => import('./ThreadPanel'));
const PinsPanel = lazy(() => import('./PinsPanel'));
const SearchPanel = lazy(() => import('./SearchPanel'));

/** Why the user cannot write here, if they cannot. */
function blocked(room: Room, mutedUntil: string | null): string | null {
  if (room.is_archived) return 'This room is archived (read only)';
  if (mutedUntil) return `You are muted until ${new Date(mutedUntil).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}`;
  if (!room.is_active) return 'This room is inactive';
  if (room.posting === 'admins' && room.my_role === 'member') return 'Only owners and admins post in this room';
  return null;
}

type Panel = { kind: 'members' } | { kind: 'pins' } | { kind: 'search' } | { kind: 'thread'; root: Message } | null;

export interface RoomProps {
  roomId: string;
  /** The heading; by default the room's name (for a direct message, the other person's). */
  title?: string;
  /** Open the history at this message (its seq), as a link to a mention or a search result does. */
  targetSeq?: number;
  /** Open this thread (its root message's id) beside the room. */
  threadId?: string;
  /** A "Rooms" back link (shown at phone width) and the way out of a room that cannot be opened. */
  onBack?: () => void;
  /** After the reader joined a public room they were reading. */
  onJoined?: () => void;
  /** A "Room settings" button opening what this returns (close: to dismiss it). */
  renderSettings?: (room: Room, close: () => void) => ReactNode;
}

/** One room: history, composer (files dropped anywhere on it), typing, receipts, and one side panel (members, pins, search or a thread). */
export function RoomView({ roomId, title: givenTitle, targetSeq, threadId, onBack, onJoined, renderSettings }: RoomProps) {
  const { client } = useParley();
  const data = useRoom(client, roomId);
  const [panel, setPanel] = useState<Panel>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploads = useUploads(client);
  const [showSettings, setShowSettings] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const me = client.user!;
  // My role and mute follow member:updated live (the room's own my_role is as loaded).
  const { room, mutedUntil } = useMyMembership(data.room, data.members, me.id);
  // Opened from a mention or a search result: `targetSeq` is the message to show, `threadId` a thread to open.
  useEffect(() => {
    if (!threadId) return;
    void unwrap<Message>(client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}', { params: { path: { id: roomId, messageId: threadId } } })).then(
      (root) => setPanel({ kind: 'thread', root }),
      () => undefined,
    );
  }, [client, roomId, threadId]);

  // A room opened from the list: focus its heading so screen readers announce it.
  useEffect(() => heading.current?.focus(), [room?.id]);

  // Read while looking at it: up to the newest message, thread replies included (they count as unread too),
  // when the tab is visible, once the first page has fixed the "new messages" divider.
  // Leaving the room within those 250 ms still reads what was on screen.
  const newest = data.headSeq;
  const unmarked = useRef<(() => void) | null>(null);
  useEffect(() => () => unmarked.current?.(), []);
  useEffect(() => {
    if (!room?.my_role || newest === undefined || !data.ready) return;
    const mark = () => document.visibilityState === 'visible' && void client.markRead(roomId, newest).catch(() => undefined);
    unmarked.current = mark;
    const timer = setTimeout(() => {
      unmarked.current = null;
      mark();
    }, 250);
    document.addEventListener('visibilitychange', mark);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', mark);
    };
  }, [client, roomId, newest, room?.my_role, data.ready]);

  const writeBlock = room ? blocked(room, mutedUntil) : null;
  const moderates = room ? canManage(client, room) : false;
  const context = useMemo<MessageContext>(() => {
    const names = new Map(data.members.map((m) => [m.user.id, m.user.display_name]));
    const member = room?.my_role != null;
    return {
      client,
      roomId,
      canWrite: member && writeBlock === null,
      canReact: member && !room?.is_archived,
      canPin: room?.my_role === 'owner' || room?.my_role === 'admin',
      canModerate: moderates,
      nameOf: (id) => names.get(id),
      byId: (id) => data.byId.get(id),
      onReply: (m) => setReplyTo(m),
      onOpenThread: (m) => {
        opener.current = document.activeElement as HTMLElement | null;
        setPanel({ kind: 'thread', root: m });
      },
    };
  }, [client, roomId, room?.my_role, room?.is_archived, moderates, writeBlock, data.members, data.byId]);

  if (data.error) {
    return (
      <section className="panel" aria-labelledby="room-error">
        <h1 id="room-error">Room unavailable</h1>
        <p role="alert">{data.error}</p>
        {onBack && (
          <a href="/" onClick={(e) => (e.preventDefault(), onBack())}>
            Back to your rooms
          </a>
        )}
      </section>
    );
  }
  if (!room) return <p role="status">Loading room…</p>;

  const title = givenTitle ?? roomTitle(room, me.username);
  const typing = data.typists.map((id) => data.members.find((m) => m.user.id === id)?.user.display_name ?? 'Someone');
  const canAttach = context.canWrite;
  const hasFiles = (e: DragEvent) => canAttach && e.dataTransfer.types.includes('Files');
  const toggle = (kind: 'members' | 'pins' | 'search') => {
    opener.current = document.activeElement as HTMLElement | null;
    setPanel((p) => (p?.kind === kind ? null : { kind }));
  };
  // A closed panel gives focus back to what opened it.
  const closePanel = () => {
    const back = opener.current;
    setPanel(null);
    queueMicrotask(() => back?.focus());
  };
  return (
    <div className={`room${panel ? ' room--panel' : ''}`}>
      <section
        className={`room__chat${dragging ? ' room__chat--drop' : ''}`}
        aria-labelledby="room-title"
        onDragEnter={(e) => hasFiles(e) && setDragging(true)}
        onDragOver={(e) => hasFiles(e) && e.preventDefault()}
        onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setDragging(false)}
        onDrop={(e) => {
          setDragging(false);
          if (!hasFiles(e)) return;
          e.preventDefault();
          uploads.add(e.dataTransfer.files);
        }}
      >
        <header className="room__header">
          {onBack && (
            <a className="back" href="/" onClick={(e) => (e.preventDefault(), onBack())}>
              <span aria-hidden="true">←</span> Rooms
            </a>
          )}
          <div>
            <h1 id="room-title" tabIndex={-1} ref={heading}>
              {title}
            </h1>
            {room.description && <p className="room__description">{room.description}</p>}
          </div>
          <button
            type="button"
            className="secondary"
            aria-expanded={panel?.kind === 'search'}
            aria-controls="search"
            onClick={() => toggle('search')}
          >
            Search in room
          </button>
          <button type="button" className="secondary" aria-expanded={panel?.kind === 'pins'} aria-controls="pins" onClick={() => toggle('pins')}>
            Pinned
          </button>
          <button
            type="button"
            className="secondary"
            aria-expanded={panel?.kind === 'members'}
            aria-controls="members"
            onClick={() => toggle('members')}
          >
            Members ({data.members.length || room.participant_count})
          </button>
          {renderSettings && (room.my_role || client.user?.role === 'admin') && (
            <button type="button" className="secondary" onClick={() => setShowSettings(true)}>
              Room settings
            </button>
          )}
        </header>
        <MessageList data={data} context={context} targetSeq={targetSeq} />
        <p className="typing" aria-live="polite">
          {typing.length === 1 ? `${typing[0]} is typing…` : typing.length > 1 ? `${typing.join(', ')} are typing…` : ''}
        </p>
        {dragging && (
          <p className="drop-hint" aria-hidden="true">
            Drop files to attach them
          </p>
        )}
        {room.my_role ? (
          <>
            {room.slow_mode_seconds > 0 && room.my_role === 'member' && (
              <p className="room__notice">Slow mode: one message every {room.slow_mode_seconds} s. Messages you write wait their turn.</p>
            )}
            <Composer
              client={client}
              roomId={roomId}
              disabled={writeBlock !== null}
              placeholder={writeBlock ?? undefined}
              uploads={uploads}
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
              members={data.members}
            />
          </>
        ) : (
          <p className="join-hint">
            You are reading a public room.{' '}
            <button
              type="button"
              onClick={() =>
                void client.rest
                  .POST('/api/v1/rooms/{id}/join', { params: { path: { id: roomId } } })
                  .then(() => (onJoined ? onJoined() : location.reload()))
              }
            >
              Join to write
            </button>
          </p>
        )}
      </section>
      {panel?.kind === 'members' && <MembersPanel client={client} room={room} members={data.members} onClose={closePanel} />}
      <Suspense fallback={<p role="status">Loading…</p>}>
        {panel?.kind === 'pins' && <PinsPanel context={context} onClose={closePanel} />}
        {panel?.kind === 'search' && (
          <SearchPanel roomId={roomId} onSelect={(m) => showMessage(client, m, data.loadBackTo, context.onOpenThread)} onClose={closePanel} />
        )}
        {panel?.kind === 'thread' && (
          <ThreadPanel
            key={panel.root.id}
            context={context}
            root={panel.root}
            members={data.members}
            disabled={writeBlock !== null || !room.my_role}
            onClose={closePanel}
          />
        )}
      </Suspense>
      {showSettings && renderSettings?.(room, () => setShowSettings(false))}
    </div>
  );
}
