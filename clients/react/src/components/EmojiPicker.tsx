import { type KeyboardEvent, useEffect, useRef } from 'react';
import { COMMON_EMOJI } from '../reactions';

const COLUMNS = 8;

/**
 * A popup of common reactions: focus starts on the first, arrow keys (and Home,
 * End) move in the grid, Enter or Space picks, Escape or Tab closes it and the
 * opener gets focus back (the caller's job: it owns the opener); a click elsewhere closes it too.
 */
export function EmojiPicker({ label, onPick, onClose }: { label: string; onPick: (emoji: string) => void; onClose: (returnFocus: boolean) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const buttons = () => [...(box.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  useEffect(() => buttons()[0]?.focus(), []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation(); // not the dialog or panel around it
      onClose(true);
    } else if (event.key === 'Tab') {
      // Out of the popup: back to its opener, so the next Tab goes on from there (not past the message's other actions).
      event.preventDefault();
      onClose(true);
    } else if (event.key in moves || event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const next = event.key === 'Home' ? 0 : event.key === 'End' ? all.length - 1 : Math.min(Math.max(at + moves[event.key], 0), all.length - 1);
      all[next]?.focus();
    }
  }

  return (
    <div
      ref={box}
      className="emoji-picker"
      role="dialog"
      aria-label={label}
      onKeyDown={onKeyDown}
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && onClose(false)}
    >
      {COMMON_EMOJI.map(([emoji, name], i) => (
        <button
          key={emoji}
          type="button"
          className="emoji-picker__emoji"
          aria-label={name}
          title={name}
          tabIndex={i === 0 ? 0 : -1}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}
