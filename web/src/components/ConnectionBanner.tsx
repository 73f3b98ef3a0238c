import type { ParleyClient } from '@parley/client';
import { useEffect, useState } from 'react';

/** Shown only for a real outage (over a second): a token renewal's quick reconnect stays invisible. */
export function ConnectionBanner({ client }: { client: ParleyClient }) {
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('connection', ({ state }) => {
      clearTimeout(timer);
      if (state === 'disconnected') timer = setTimeout(() => setOffline(true), 1_000);
      else if (state === 'connected') setOffline(false);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [client]);
  return (
    <p className="connection" role="status" aria-live="polite">
      {offline ? 'Reconnecting… messages you write are kept and sent when back.' : ''}
    </p>
  );
}
