import type { ParleyClient } from '@parley/client';
import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { navigate } from '../router';
import { matchRooms, SHORTCUTS, switcherRooms, useShortcuts } from '../shortcuts';
import type { RoomsState } from '@parley/react';
import { Dialog } from '@parley/react/internal';

/** The keyboard shortcuts (web/src/shortcuts.ts) and the two dialogs they open: the quick switcher and the help. */
export function Shortcuts({ client, rooms, activeId }: { client: ParleyClient; rooms: RoomsState; activeId: string | null }) {
  const [open, setOpen] = useState<'switcher' | 'help' | null>(null);
  const openers = useMemo(() => ({ switcher: () => setOpen('switcher'), help: () => setOpen('help') }), []);
  useShortcuts(client, rooms, activeId, openers);
  return (
    <>
      <button type="button" className="link topbar__shortcuts" onClick={() => setOpen('help')} aria-keyshortcuts="?">
        Shortcuts
      </button>
      {open === 'help' && <ShortcutsHelp onClose={() => setOpen(null)} />}
      {open === 'switcher' && <QuickSwitcher client={client} rooms={rooms} onClose={() => setOpen(null)} />}
    </>
  );
}

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.keys} className="shortcuts__row">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </Dialog>
  );
}

/** Type part of a room's name; ↑/↓ move, Enter opens the highlighted room, Esc closes (a combobox with a listbox). */
function QuickSwitcher({ client, rooms, onClose }: { client: ParleyClient; rooms: RoomsState; onClose: () => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const all = useMemo(() => switcherRooms(rooms, client.user?.username ?? ''), [rooms, client]);
  const found = useMemo(() => matchRooms(all, query).slice(0, 20), [all, query]);
  const current = Math.min(active, Math.max(found.length - 1, 0));

  function go(roomId: string | undefined) {
    if (!roomId) return;
    onClose();
    navigate(`/rooms/${roomId}`);
  }
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + found.length) % Math.max(found.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(found[current]?.id);
    }
  }

  return (
    <Dialog title="Jump to a room" onClose={onClose}>
      <label htmlFor={`${id}-q`}>Room name</label>
      <input
        id={`${id}-q`}
        role="combobox"
        aria-expanded={found.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={found.length ? `${id}-o${current}` : undefined}
        autoComplete="off"
        autoFocus
        value={query}
        onChange={(e) => (setQuery(e.currentTarget.value), setActive(0))}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Rooms" className="switcher">
        {found.map((room, i) => (
          <li
            key={room.id}
            id={`${id}-o${i}`}
            role="option"
            aria-selected={i === current}
            className={`switcher__option${i === current ? ' switcher__option--active' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => go(room.id)}
          >
            {room.title}
          </li>
        ))}
      </ul>
      <p role="status" className="hint">
        {found.length === 0 ? 'No room matches.' : `${found.length} ${found.length === 1 ? 'room' : 'rooms'}.`}
      </p>
    </Dialog>
  );
}
