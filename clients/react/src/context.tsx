import type { ParleyClient } from '@parley/client';
import { createContext, type ReactNode, useContext, useMemo } from 'react';

export interface ParleyContextValue {
  /** A connected client of the SDK (`@parley/client`): every component reads and writes through it. */
  client: ParleyClient;
  /**
   * Follows a link inside the components: a room (`/rooms/{id}`), a person (`/users/{id}`), your own
   * profile (`/profile`). Without it, room links load the page at their `href` and people's names are plain text.
   */
  navigate?: (path: string) => void;
}

const ParleyContext = createContext<ParleyContextValue | null>(null);

/** Gives the components below it the client (and how to follow their links). */
export function ParleyProvider({ client, navigate, children }: ParleyContextValue & { children: ReactNode }) {
  const value = useMemo(() => ({ client, navigate }), [client, navigate]);
  return <ParleyContext.Provider value={value}>{children}</ParleyContext.Provider>;
}

export function useParley(): ParleyContextValue {
  const value = useContext(ParleyContext);
  if (!value) throw new Error('Parley components need a <ParleyProvider client={client}> above them');
  return value;
}
