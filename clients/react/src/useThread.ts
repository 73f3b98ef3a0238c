import { isContentBlocked, type Message, type OutgoingMessage, type ParleyClient, unwrap } from '@parley/client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { renameMessages, renameSenders } from './people';
import { keepMine, withReaction } from './reactions';

const PAGE = 50;

interface ThreadPage {
  root: Message;
  next: string | null;
  results: Message[];
}

export interface ThreadData {
  root: Message;
  replies: Message[];
  pending: OutgoingMessage[];
  hasOlder: boolean;
  error: string | null;
  loadOlder(): Promise<void>;
}

/**
 * One thread: its root (counters kept current by `message:updated`), the newest
 * replies first loaded, older ones by keyset, new ones live from the SDK's feed
 * (thread replies arrive through it like any message), own unsent replies.
 */
export function useThread(client: ParleyClient, roomId: string, first: Message): ThreadData {
  const [root, setRoot] = useState(first);
  const [bySeq, setBySeq] = useState<Map<number, Message>>(new Map());
  const [hasOlder, setHasOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<OutgoingMessage[]>(() => client.pendingMessages(roomId).filter((o) => o.thread_root_id === first.id));
  const rootId = first.id;

  const merge = useCallback(
    (list: Message[], replace = false) =>
      setBySeq((prev) => {
        const next = new Map(prev);
        for (const m of list) if (replace ? prev.has(m.seq) : true) next.set(m.seq, keepMine(prev.get(m.seq), m));
        return next;
      }),
    [],
  );

  const load = useCallback(
    async (before?: number) => {
      const page = await unwrap<ThreadPage>(
        client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}/thread', {
          params: { path: { id: roomId, messageId: rootId }, query: { limit: PAGE, ...(before ? { before } : {}) } },
        }),
      );
      setRoot((prev) => keepMine(prev, page.root));
      merge(page.results);
      if (!before || page.next === null) setHasOlder(page.next !== null);
    },
    [client, roomId, rootId, merge],
  );

  useEffect(() => {
    load().catch(() => setError('The thread could not be loaded.'));
  }, [load]);

  useEffect(() => {
    const ours = (m: Message) => m.room_id === roomId && m.thread_root_id === rootId;
    const react = (e: { message_id: string; room_id: string; emoji: string; user_id: string; count: number }, added: boolean) => {
      if (e.room_id !== roomId) return;
      if (e.message_id === rootId) setRoot((r) => withReaction(r, e, client.user!.id, added));
      setBySeq((prev) => {
        const target = [...prev.values()].find((m) => m.id === e.message_id);
        return target ? new Map(prev).set(target.seq, withReaction(target, e, client.user!.id, added)) : prev;
      });
    };
    const changed = (m: Message) => {
      if (m.id === rootId) setRoot((prev) => keepMine(prev, m));
      else if (ours(m)) merge([m], true);
    };
    const offs = [
      client.on('message', (m) => {
        if (!ours(m)) return;
        merge([m]);
        if (m.client_message_id) setPending((list) => list.filter((p) => p.client_message_id !== m.client_message_id));
      }),
      client.on('messageUpdated', changed),
      client.on('messageDeleted', changed),
      client.on('reactionAdded', (e) => react(e, true)),
      client.on('reactionRemoved', (e) => react(e, false)),
      client.on('outgoing', (o) => {
        if (o.thread_root_id !== rootId) return;
        setPending((list) => [...list.filter((p) => p.client_message_id !== o.client_message_id), { ...o }]);
        if (o.state === 'sent' && o.message) merge([o.message]);
      }),
      // A new display name: on the root and the loaded replies, as in the timeline.
      client.on('userUpdated', (u) => {
        setRoot((r) => renameMessages([r], u)[0]);
        setBySeq((prev) => renameSenders(prev, u));
      }),
      // After an outage: the newest page again (the feed delivers what was missed, this fills counters and edits).
      client.on('connection', (c) => c.caughtUp && void load().catch(() => undefined)),
    ];
    return () => offs.forEach((off) => off());
  }, [client, roomId, rootId, merge, load]);

  const replies = useMemo(() => [...bySeq.values()].sort((a, b) => a.seq - b.seq), [bySeq]);
  const unsent = useMemo(() => {
    const stored = new Set(replies.map((m) => m.client_message_id).filter(Boolean));
    // A blocked message went back into its composer (the draft to fix): no bubble with a pointless Retry.
    return pending.filter((p) => !stored.has(p.client_message_id) && !(p.state === 'failed' && isContentBlocked(p.error)));
  }, [pending, replies]);
  const loadOlder = useCallback(() => load(replies[0]?.seq).catch(() => undefined), [load, replies]);

  return { root, replies, pending: unsent, hasOlder, error, loadOlder };
}
