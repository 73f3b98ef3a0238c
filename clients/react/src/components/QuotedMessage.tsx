import { type Message, type ParleyClient, unwrap } from '@parley/client';
import { useEffect, useState } from 'react';
import { snippet } from './Composer';

const fetched = new Map<string, Promise<Message | null>>();

/** The message a reply answers (`reply_to_id`): from the screen when it is loaded, else read once from Parley. */
export function QuotedMessage({ client, roomId, id, known }: { client: ParleyClient; roomId: string; id: string; known?: Message }) {
  const [loaded, setLoaded] = useState<Message | null | undefined>(undefined);
  useEffect(() => {
    if (known) return;
    let live = true;
    let request = fetched.get(id);
    if (!request) {
      request = unwrap<Message>(
        client.rest.GET('/api/v1/rooms/{id}/messages/{messageId}', { params: { path: { id: roomId, messageId: id } } }),
      ).catch(() => null);
      fetched.set(id, request);
    }
    void request.then((m) => live && setLoaded(m));
    return () => {
      live = false;
    };
  }, [client, roomId, id, known]);
  const parent = known ?? loaded;
  if (parent === undefined) return null;
  return (
    <blockquote className="message__quote">
      {parent ? (
        <>
          <span className="message__quote-author">{parent.sender?.display_name ?? 'Deleted user'}</span> {snippet(parent, 120)}
        </>
      ) : (
        'Original message unavailable'
      )}
    </blockquote>
  );
}
