import {
  type Member,
  type Message,
  type MessagePage,
  type OutgoingMessage,
  type Page,
  ParleyError,
  type ParleyClient,
  type Room,
  unwrap,
} from '@parley/client';
import { useCallback, useEffect, useMemo, useState } from 'react';

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
  hasOlder: boolean;
  loadingOlder: boolean;
  pending: OutgoingMessage[];
  members: Member[];
  typists: string[];
  loadOlder(): Promise<void>;
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
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [pending, setPending] = useState<OutgoingMessage[]>(() => client.pendingMessages(roomId));
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

  // An edit, delete or new reply count: only for a message in the loaded range (older ones load with their page).
  const replace = useCallback(
    (m: Message) =>
      setBySeq((prev) => {
        const oldest = Math.min(...prev.keys());
        if (!prev.has(m.seq) && !(m.seq > oldest)) return prev;
        return new Map(prev).set(m.seq, m);
      }),
    [],
  );

  const reloadMembers = useCallback(async () => {
    const page = await unwrap<Page<Member>>(
      client.rest.GET('/api/v1/rooms/{id}/members', { params: { path: { id: roomId }, query: { page_size: 100 } } }),
    );
    setMembers(page.results);
  }, [client, roomId]);

  useEffect(() => {
    let live = true;
    (async () => {
      const loaded = await unwrap<Room>(client.rest.GET('/api/v1/rooms/{id}', { params: { path: { id: roomId } } }));
      if (!live) return;
      setRoom(loaded);
      if (!loaded.my_role) await client.realtime.request('room:join', { room_id: roomId }).catch(() => undefined); // watch a public room
      const page = await unwrap<MessagePage<Message>>(
        client.rest.GET('/api/v1/rooms/{id}/messages', { params: { path: { id: roomId }, query: { limit: PAGE } } }),
      );
      if (!live) return;
      merge(page.results);
      setHasOlder(page.next !== null);
      const last = page.results[page.results.length - 1];
      client.track(roomId, last?.seq ?? 0);
      await reloadMembers();
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
  }, [client, roomId, merge, reloadMembers]);

  useEffect(() => {
    const mine = (m: { room_id: string }) => m.room_id === roomId;
    const offs = [
      client.on('message', (m) => {
        if (!mine(m)) return;
        if (inTimeline(m)) merge([m]);
        if (m.client_message_id) setPending((list) => list.filter((p) => p.client_message_id !== m.client_message_id));
      }),
      client.on('messageUpdated', (m) => mine(m) && inTimeline(m) && replace(m)),
      client.on('messageDeleted', (m) => mine(m) && inTimeline(m) && replace(m)),
      client.on('outgoing', (o) => {
        if (!mine(o)) return;
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
      client.on('roomGone', (g) => g.room_id === roomId && setError('You are no longer in this room.')),
    ];
    return () => offs.forEach((off) => off());
  }, [client, roomId, merge, replace, reloadMembers]);

  const messages = useMemo(() => [...bySeq.values()].sort((a, b) => a.seq - b.seq), [bySeq]);
  // A sent message stays as a bubble only until the stored one is in the list.
  const unsent = useMemo(() => {
    const stored = new Set(messages.map((m) => m.client_message_id).filter(Boolean));
    return pending.filter((p) => !stored.has(p.client_message_id));
  }, [pending, messages]);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0]?.seq;
    if (loadingOlder || !hasOlder || oldest === undefined) return;
    setLoadingOlder(true);
    try {
      const page = await unwrap<MessagePage<Message>>(
        client.rest.GET('/api/v1/rooms/{id}/messages', { params: { path: { id: roomId }, query: { before: oldest, limit: PAGE } } }),
      );
      merge(page.results);
      setHasOlder(page.next !== null);
    } finally {
      setLoadingOlder(false);
    }
  }, [client, roomId, messages, hasOlder, loadingOlder, merge]);

  return { room, error, messages, hasOlder, loadingOlder, pending: unsent, members, typists, loadOlder, reloadMembers };
}
