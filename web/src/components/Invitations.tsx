import { type Page, type ParleyClient, type Room, type User, unwrap } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { navigate } from '../router';
import { describe } from '@parley/react/internal';

interface Invitation {
  id: string;
  room: Room;
  invited_by: User;
}

/** Pending invitations: accept (and open the room) or decline. */
export function Invitations({ client, onChange }: { client: ParleyClient; onChange: () => void }) {
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    () =>
      unwrap<Page<Invitation>>(client.rest.GET('/api/v1/invitations', { params: { query: { page_size: 100 } } }))
        .then((page) => setItems(page.results))
        .catch((failure: unknown) => setError(describe(failure))),
    [client],
  );

  useEffect(() => {
    heading.current?.focus();
    void load();
  }, [load]);

  async function answer(invitation: Invitation, accept: boolean) {
    try {
      const path = { params: { path: { id: invitation.id } } };
      await unwrap(accept ? client.rest.POST('/api/v1/invitations/{id}/accept', path) : client.rest.POST('/api/v1/invitations/{id}/decline', path));
      onChange();
      if (accept) navigate(`/rooms/${invitation.room.id}`);
      else await load();
    } catch (failure) {
      setError(describe(failure));
    }
  }

  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h1 id="invitations-title" tabIndex={-1} ref={heading}>
        Invitations
      </h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p>No pending invitations.</p>}
      <ul className="cards">
        {items?.map((invitation) => (
          <li key={invitation.id} className="card">
            <h2>{invitation.room.name}</h2>
            <p>Invited by {invitation.invited_by.display_name}</p>
            <div className="card__buttons">
              <button type="button" onClick={() => void answer(invitation, true)}>
                Accept invitation to {invitation.room.name}
              </button>
              <button type="button" className="secondary" onClick={() => void answer(invitation, false)}>
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
