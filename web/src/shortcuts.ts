import type { ParleyClient } from '@parley/client';
import { useEffect } from 'react';
import { navigate } from './router';
import { roomTitle, type RoomsState } from '@parley/react';

/** Every keyboard shortcut of the app, as the help dialog lists them (one source: the handler below follows it). */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Ctrl+K or ⌘K', what: 'Jump to a room (quick switcher)' },
  { keys: 'Alt+↑ / Alt+↓', what: 'Previous / next room in the list' },
  { keys: '↑ in an empty message box', what: 'Edit your last message' },
  { keys: 'Esc', what: 'Close the open dialog, menu or side panel' },
  { keys: '?', what: 'Show these shortcuts' },
];

/** A room as the switcher lists it. */
export interface SwitcherRoom {
  id: string;
  title: string;
}

/** The rooms in sidebar order, with the titles the sidebar shows. */
export function switcherRooms(rooms: RoomsState, me: string): SwitcherRoom[] {
  return rooms.rooms.map((room) => ({ id: room.id, title: rooms.partners[room.id]?.display_name ?? roomTitle(room, me) }));
}

/** Rooms whose title has every word of `query` (case-insensitive), those starting with it first. */
export function matchRooms(rooms: SwitcherRoom[], query: string): SwitcherRoom[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = rooms.filter((r) => words.every((w) => r.title.toLowerCase().includes(w)));
  const q = query.trim().toLowerCase();
  return q ? [...found.filter((r) => r.title.toLowerCase().startsWith(q)), ...found.filter((r) => !r.title.toLowerCase().startsWith(q))] : found;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The app's shortcuts on the whole page: Ctrl/⌘+K opens the quick switcher, Alt+↑/↓ the previous or
 * next room of the sidebar, ↑ in an empty room composer edits my last message, Esc closes the open
 * side panel (dialogs and popups close themselves first), `?` outside a text field opens the help.
 */
export function useShortcuts(
  client: ParleyClient,
  rooms: RoomsState,
  activeId: string | null,
  open: { switcher: () => void; help: () => void },
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const dialogOpen = document.querySelector('dialog[open]') !== null;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        if (!dialogOpen) open.switcher();
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        if (dialogOpen || rooms.rooms.length === 0) return;
        event.preventDefault();
        const at = rooms.rooms.findIndex((r) => r.id === activeId);
        const step = event.key === 'ArrowUp' ? -1 : 1;
        const next = at < 0 ? (step > 0 ? 0 : rooms.rooms.length - 1) : (at + step + rooms.rooms.length) % rooms.rooms.length;
        navigate(`/rooms/${rooms.rooms[next].id}`);
        return;
      }
      if (event.key === 'ArrowUp' && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        const box = event.target;
        if (box instanceof HTMLTextAreaElement && box.value === '' && box.closest('.room__chat form.composer')) {
          const edits = document.querySelectorAll<HTMLButtonElement>('.room__chat .message-list button[aria-label^="Edit message:"]');
          const last = edits[edits.length - 1];
          if (last) {
            event.preventDefault();
            last.click();
          }
        }
        return;
      }
      if (event.key === 'Escape' && !dialogOpen) {
        const close = document.querySelector<HTMLButtonElement>('.room aside button[aria-label^="Close "]');
        if (close && !(typing(event.target) && (event.target as HTMLInputElement).value)) {
          close.click();
        }
        return;
      }
      if (event.key === '?' && !typing(event.target) && !dialogOpen) {
        event.preventDefault();
        open.help();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [client, rooms, activeId, open]);
}
