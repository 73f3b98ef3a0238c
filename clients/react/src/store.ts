import { type Member, type Page, type ParleyClient, type Room, unwrap } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { inTimeline } from './useRoom';

export interface RoomsState {
  rooms: Room[];
  loaded: boolean;
  /** For direct messages: the other person. */
  partners: Record<string, { id: string; display_name: string }>;
  online: Record<string, boolean>;
  invitations: number;
  /** Unread mentions of the reader, all rooms together (each room's are `room.unread_mentions`). */
  mentions: number;
  reload(): Promise<void>;
  reloadInvitations(): Promise<void>;
}

const byActivity = (a: Room, b: Room) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at);

/**
 * The signed-in user's rooms, kept current from the SDK's events (messages, unread,
 * mentions, presence, membership). `openRoomId`: the room on screen, whose mentions are read as they come.
 */
export function useRooms(client: ParleyClient, openRoomId: string | null = null): RoomsState {
  const [rooms, setRooms] = useState<Room[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [partners, setPartners] = useState<RoomsState['partners']>({});
  const [online, setOnline] = useState<Record<string, boolean>>({});
  const [invitations, setInvitations] = useState(0);
  const open = useRef(openRoomId);
  open.current = openRoomId;
  const latest = useRef(rooms);
  latest.current = rooms;

  const reload = useCallback(async () => {
    const page = await unwrap<Page<Room>>(client.rest.GET('/api/v1/rooms', { params: { query: { page_size: 100 } } }));
    setRooms([...page.results].sort(byActivity));
    setLoaded(true);
    // Direct messages show the other person's presence: their member rows (two per room).
    const direct = page.results.filter((r) => r.room_type === 'ONE_TO_ONE').slice(0, 50);
    const found = await Promise.all(
      direct.map((r) =>
        unwrap<Page<Member>>(client.rest.GET('/api/v1/rooms/{id}/members', { params: { path: { id: r.id }, query: { page_size: 2 } } }))
          .then((p) => [r.id, p.results.find((m) => m.user.id !== client.user?.id)] as const)
          .catch(() => [r.id, undefined] as const),
      ),
    );
    setPartners((prev) => ({
      ...prev,
      ...Object.fromEntries(found.filter(([, m]) => m).map(([id, m]) => [id, { id: m!.user.id, display_name: m!.user.display_name }])),
    }));
    setOnline((prev) => ({ ...Object.fromEntries(found.filter(([, m]) => m).map(([, m]) => [m!.user.id, m!.online])), ...prev }));
  }, [client]);

  const recount = useCallback(
    async (roomId: string) => {
      const room = await unwrap<Room>(client.rest.GET('/api/v1/rooms/{id}', { params: { path: { id: roomId } } })).catch(() => null);
      if (room) setRooms((list) => list.map((r) => (r.id === roomId ? { ...r, unread_mentions: room.unread_mentions } : r)));
    },
    [client],
  );

  const reloadInvitations = useCallback(async () => {
    const page = await unwrap<Page<unknown>>(client.rest.GET('/api/v1/invitations', { params: { query: { page_size: 1 } } })).catch(() => null);
    if (page) setInvitations(page.count);
  }, [client]);

  useEffect(() => {
    void reload();
    void reloadInvitations();
    const poll = setInterval(() => void reloadInvitations(), 20_000);
    const update = (id: string, change: (room: Room) => Room) => setRooms((list) => list.map((r) => (r.id === id ? change(r) : r)).sort(byActivity));
    const offs = [
      client.on('message', (m) => {
        setRooms((list) => {
          if (!list.some((r) => r.id === m.room_id)) void reload();
          if (!inTimeline(m)) return list; // a thread reply is not the room's last message
          return list.map((r) => (r.id === m.room_id ? { ...r, last_message: m, last_message_at: m.created_at } : r)).sort(byActivity);
        });
      }),
      // The preview follows edits and deletes of the message it shows.
      client.on('messageUpdated', (m) => update(m.room_id, (r) => (r.last_message?.id === m.id ? { ...r, last_message: m } : r))),
      client.on('messageDeleted', (m) => update(m.room_id, (r) => (r.last_message?.id === m.id ? { ...r, last_message: m } : r))),
      // Read to the end (here or on another device): no unread mentions either.
      client.on('unread', ({ room_id, unread_count }) =>
        update(room_id, (r) => ({ ...r, unread_count, unread_mentions: unread_count === 0 ? 0 : r.unread_mentions })),
      ),
      client.on('mention', ({ room_id }) => {
        if (room_id === open.current && document.visibilityState === 'visible') return; // on screen: read at once
        update(room_id, (r) => ({ ...r, unread_mentions: (r.unread_mentions ?? 0) + 1 }));
      }),
      // A deleted mention is no longer unread: Parley's count, not a guess.
      client.on('messageDeleted', (m) => (latest.current.find((r) => r.id === m.room_id)?.unread_mentions ?? 0) > 0 && void recount(m.room_id)),
      client.on('roomUpdated', (room) =>
        update(room.id, (r) => ({
          ...room,
          my_role: r.my_role,
          unread_count: r.unread_count,
          notifications_muted: r.notifications_muted,
          unread_mentions: r.unread_mentions,
          last_message: r.last_message,
        })),
      ),
      // A room made with me in it (by me on another device, or by someone else): into the list at once.
      client.on('roomCreated', () => void reload()),
      client.on('roomGone', ({ room_id }) => setRooms((list) => list.filter((r) => r.id !== room_id))),
      client.on('memberJoined', ({ member }) => member.user.id === client.user?.id && void reload()),
      // A new invitation counts at once; one answered on another device, or withdrawn, leaves the badge at once.
      client.on('invitationCreated', () => void reloadInvitations()),
      client.on('invitationUpdated', () => void reloadInvitations()),
      // A direct-message partner's new name titles the room at once; last messages show a sender's new name.
      client.on('userUpdated', (u) => {
        setPartners((prev) =>
          Object.fromEntries(Object.entries(prev).map(([roomId, p]) => [roomId, p.id === u.id ? { ...p, display_name: u.display_name } : p])),
        );
        setRooms((list) =>
          list.map((r) =>
            r.last_message?.sender?.id === u.id ? { ...r, last_message: { ...r.last_message, sender: { ...r.last_message.sender, ...u } } } : r,
          ),
        );
      }),
      // My own changes: muted notifications (from any of my devices), a new role.
      client.on(
        'memberUpdated',
        ({ room_id, member }) =>
          member.user.id === client.user?.id &&
          update(room_id, (r) => ({ ...r, notifications_muted: member.notifications_muted, my_role: member.role })),
      ),
      client.on('presence', (p) => setOnline((prev) => ({ ...prev, [p.user_id]: p.status === 'online' }))),
      // After an outage: rooms joined or changed meanwhile.
      client.on('connection', (c) => c.caughtUp && void Promise.all([reload(), reloadInvitations()])),
    ];
    return () => {
      clearInterval(poll);
      offs.forEach((off) => off());
    };
  }, [client, reload, reloadInvitations, recount]);

  const mentions = rooms.reduce((sum, r) => sum + (r.unread_mentions ?? 0), 0);
  return { rooms, loaded, partners, online, invitations, mentions, reload, reloadInvitations };
}
