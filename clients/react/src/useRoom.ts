import {
  type Member,
  type Message,
  type OutgoingMessage,
  type Page,
  isContentBlocked,
  ParleyError,
  type ParleyClient,
  type Room,
  unwrap,
} from '@parley/client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { keepMine, withReaction } from './reactions';
import { goneFromRoom, renameMembers, renameSenders } from './people';

const PAGE = 30;

/** A thread reply shows in the room's timeline only when sent `also_in_room` (as the history does). */
export function inTimeline(message: Message): boolean {
  return !message.thread_root_id || message.also_in_room === true;
}

export interface RoomData {
  room: Room | null;
  /** Why the room cannot be shown (no access, not found). */
  error: string | null;
  messages: Message[];
  /** Loaded messages by id (quoted parents). */
  byId: Map<string, Message>;
  /** The first message that was unread when the room was opened (the "new messages" divider); null when none (or not a member). */
  firstUnread: number | null;
  /** Unread messages start above the loaded history (`loadToFirstUnread` brings them in). */
  unreadAbove: boolean;
  /** The first page (and the members) are in. */
  ready: boolean;
  /** The newest seq delivered in this room, thread replies included (what reading the room reaches). */
  headSeq: number | undefined;
  hasOlder: boolean;
  loadingOlder: boolean;
  pending: OutgoingMessage[];
  members: Member[];
  typists: string[];
  loadOlder(): Promise<void>;
  /** Pages back until `seq` is loaded (bounded: 20 pages of 100). */
  loadBackTo(seq: number): Promise<void>;
  /** The reader's read position when the room was opened (null: nothing was unread). */
  openedMark: number | null;
  reloadMembers(): Promise<void>;
}

/**
 * One room's screen data: the room (its access check), history pages (keyset,
 * upwards), new messages from the SDK (exactly once, merged by seq), own
 * unsent messages, members with their read positions, and who is typing.
 */
export function useRoom(client: ParleyClient, roomId: string): RoomData {
  const [room, setRoom] = useState<Room | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bySeq, setBySeq] = useState<Map<number, Message>>(new Map());
  /** The read position and the newest seq when the room was opened: what was unread then. */
  const [opened, setOpened] = useState<{ mark: number; head: number } | null>(null);
  const [ready, setReady] = useState(false);
  const [headSeq, setHeadSeq] = useState<number | undefined>(undefined);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [pending, setPending] = useState<OutgoingMessage[]>(() => client.pendingMessages(roomId).filter((o) => !o.thread_root_id || o.also_in_room));
  const [members, setMembers] = useState<Member[]>([]);
  const [typists, setTypists] = useState<string[]>(() => client.typists(roomId));

  const merge = useCallback(
    (list: Message[]) =>
      setBySeq((prev) => {
        const next = new Map(prev);
        for (const m of list) next.set(m.seq, m);
        return next;
      }),
    [],
  );

  // An edit, delete, pin or new reply count: only for a message in the loaded range (older ones load with their page).
  const replace = useCallback(
    (m: Message) =>
      setBySeq((prev) => {
        const oldest = Math.min(...prev.keys());
        if (!prev.has(m.seq) && !(m.seq > oldest)) return prev;
        return new Map(prev).set(m.seq, keepMine(prev.get(m.seq), m));
      }),
    [],
  );

  const react = useCallback(
    (event: { room_id: string; message_id: string; emoji: string; user_id: string; count: number }, added: boolean) =>
      setBySeq((prev) => {
        const target = [...prev.values()].find((m) => m.id === event.message_id);
        return target ? new Map(prev).set(target.seq, withReaction(target, event, client.user!.id, added)) : prev;
      }),
    [client],
  );

  const loadMembers = useCallback(
    async () =>
      (await unwrap<Page<Member>>(client.rest.GET('/api/v1/rooms/{id}/members', { params: { path: { id: roomId }, query: { page_size: 100 } } })))
        .results,
    [client, roomId],
  );
  const reloadMembers = useCallback(async () => setMembers(await loadMembers()), [loadMembers]);

  useEffect(() => {
    let live = true;
    (async () => {
      const loaded = await unwrap<Room>(client.rest.GET('/api/v1/rooms/{id}', { params: { path: { id: roomId } } }));
      if (!live) return;
      setRoom(loaded);
      if (!loaded.my_role) await client.realtime.request('room:join', { room_id: roomId }).catch(() => undefined); // watch a public room
      // The members (with the reader's read position) before the room is marked read.
      const [page, people] = await Promise.all([client.history(roomId, { limit: PAGE }), loadMembers()]);
      if (!live) return;
      setMembers(people);
      const mark = people.find((m) => m.user.id === client.user?.id)?.last_read_seq ?? loaded.last_seq - loaded.unread_count;
      const head = Math.max(page.results[page.results.length - 1]?.seq ?? 0, loaded.last_seq);
      if (loaded.my_role && loaded.unread_count > 0) setOpened({ mark, head });
      setReady(true);
      setHeadSeq(head); // the newest may be a thread reply
      merge(page.results);
      setHasOlder(page.next !== null);
      const last = page.results[page.results.length - 1];
      client.track(roomId, last?.seq ?? 0);
    })().catch((failure: unknown) => {
      if (!live) return;
      const code = failure instanceof ParleyError ? failure.code : '';
      setError(
        code === 'room_access_denied'
          ? 'You do not have access to this room.'
          : code === 'room_not_found' || code === 'not_found'
            ? 'This room does not exist.'
            : 'The room could not be loaded.',
      );
    });
    return () => {
      live = false;
    };
  }, [client, roomId, merge, loadMembers]);

  useEffect(() => {
    const mine = (m: { room_id: string }) => m.room_id === roomId;
    const offs = [
      client.on('message', (m) => {
        if (!mine(m)) return;
        setHeadSeq((head) => Math.max(head ?? 0, m.seq));
        if (inTimeline(m)) merge([m]);
        if (m.client_message_id) setPending((list) => list.filter((p) => p.client_message_id !== m.client_message_id));
      }),
      client.on('messageUpdated', (m) => mine(m) && inTimeline(m) && replace(m)),
      client.on('messageDeleted', (m) => mine(m) && inTimeline(m) && replace(m)),
      client.on('reactionAdded', (e) => mine(e) && react(e, true)),
      client.on('reactionRemoved', (e) => mine(e) && react(e, false)),
      client.on('outgoing', (o) => {
        if (!mine(o) || (o.thread_root_id && !o.also_in_room)) return; // a thread-only reply waits in its thread
        setPending((list) => [...list.filter((p) => p.client_message_id !== o.client_message_id), { ...o }]);
        if (o.state === 'sent' && o.message && inTimeline(o.message)) merge([o.message]);
      }),
      client.on('typing', (t) => mine(t) && setTypists(t.user_ids)),
      client.on(
        'read',
        (r) =>
          mine(r) &&
          setMembers((list) => list.map((m) => (m.user.id === r.user_id ? { ...m, last_read_seq: Math.max(m.last_read_seq, r.last_read_seq) } : m))),
      ),
      client.on('presence', (p) => setMembers((list) => list.map((m) => (m.user.id === p.user_id ? { ...m, online: p.status === 'online' } : m)))),
      client.on('memberJoined', (e) => mine(e) && void reloadMembers()),
      client.on('memberLeft', (e) => mine(e) && void reloadMembers()),
      client.on('memberUpdated', (e) => mine(e) && void reloadMembers()),
      client.on(
        'roomUpdated',
        (r) => r.id === roomId && setRoom((prev) => (prev ? { ...r, my_role: prev.my_role, unread_count: prev.unread_count } : r)),
      ),
      client.on('roomGone', (g) => g.room_id === roomId && setError(goneFromRoom(g.code))),
      client.on('userUpdated', (u) => {
        setMembers((list) => renameMembers(list, u));
        setBySeq((prev) => renameSenders(prev, u));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, roomId, merge, replace, react, reloadMembers]);

  const messages = useMemo(() => [...bySeq.values()].sort((a, b) => a.seq - b.seq), [bySeq]);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const me = client.user!.id;
  const firstUnread = useMemo(() => {
    if (!opened) return null;
    const unread = messages.find((m) => m.seq > opened.mark && m.seq <= opened.head && m.type === 'text' && m.sender?.id !== me);
    return unread?.seq ?? null;
  }, [messages, opened, me]);
  const unreadAbove = opened !== null && hasOlder && (messages[0]?.seq ?? 0) > opened.mark + 1;
  // A sent message stays as a bubble only until the stored one is in the list.
  const unsent = useMemo(() => {
    const stored = new Set(messages.map((m) => m.client_message_id).filter(Boolean));
    // A blocked message went back into its composer (the draft to fix): no bubble with a pointless Retry.
    return pending.filter((p) => !stored.has(p.client_message_id) && !(p.state === 'failed' && isContentBlocked(p.error)));
  }, [pending, messages]);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0]?.seq;
    if (loadingOlder || !hasOlder || oldest === undefined) return;
    setLoadingOlder(true);
    try {
      const page = await client.history(roomId, { before: oldest, limit: PAGE });
      merge(page.results);
      setHasOlder(page.next !== null);
    } finally {
      setLoadingOlder(false);
    }
  }, [client, roomId, messages, hasOlder, loadingOlder, merge]);

  const loadBackTo = useCallback(
    async (seq: number) => {
      let oldest = messages[0]?.seq;
      for (let pages = 0; oldest !== undefined && oldest > seq && pages < 20; pages += 1) {
        const page = await client.history(roomId, { before: oldest, limit: 100 });
        merge(page.results);
        setHasOlder(page.next !== null);
        if (page.next === null || !page.results.length) break;
        oldest = page.results[0].seq;
      }
    },
    [client, roomId, messages, merge],
  );

  return {
    room,
    error,
    messages,
    byId,
    firstUnread,
    unreadAbove,
    ready,
    headSeq,
    hasOlder,
    loadingOlder,
    pending: unsent,
    members,
    typists,
    loadOlder,
    loadBackTo,
    openedMark: opened?.mark ?? null,
    reloadMembers,
  };
}
