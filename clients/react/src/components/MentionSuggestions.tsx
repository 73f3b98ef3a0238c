import type { Member } from '@parley/client';
import { type KeyboardEvent, type RefObject, useCallback, useId, useMemo, useState } from 'react';

const SHOWN = 8;
/** `@` at the start or after a space or bracket, then what is typed of a name, up to the caret. */
const TYPED = /(?:^|[\s([{])@([a-z0-9_.-]{0,32})$/i;

export interface MentionState {
  listId: string;
  optionId: (index: number) => string;
  options: Member[];
  active: number;
  open: boolean;
  pick(member: Member): void;
  close(): void;
  onChange(textarea: HTMLTextAreaElement): void;
  /** True when the key was for the suggestions (the composer then does nothing else with it). */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  inputProps: { 'aria-autocomplete': 'list'; 'aria-controls'?: string; 'aria-activedescendant'?: string };
}

/**
 * `@` + letters in a composer suggests the room's members (username or display
 * name starting with what is typed); arrows move, Enter or Tab inserts `@username `, Escape closes.
 * The textbox keeps focus throughout (aria-activedescendant names the highlighted member).
 */
export function useMentionAutocomplete(
  members: Member[],
  meId: string,
  input: RefObject<HTMLTextAreaElement | null>,
  setText: (text: string) => void,
): MentionState {
  const [typed, setTyped] = useState<{ query: string; start: number; end: number } | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();

  const options = useMemo(() => {
    if (!typed) return [];
    const q = typed.query.toLowerCase();
    return members
      .filter((m) => m.user.id !== meId)
      .filter(
        (m) =>
          m.user.username.startsWith(q) ||
          m.user.display_name
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(q)),
      )
      .slice(0, SHOWN);
  }, [typed, members, meId]);
  const open = typed !== null && options.length > 0;

  const close = useCallback(() => setTyped(null), []);

  const onChange = useCallback((textarea: HTMLTextAreaElement) => {
    const caret = textarea.selectionStart;
    const match = TYPED.exec(textarea.value.slice(0, caret));
    if (!match) return setTyped(null);
    setTyped({ query: match[1], start: caret - match[1].length - 1, end: caret });
    setActive(0);
  }, []);

  const pick = useCallback(
    (member: Member) => {
      const textarea = input.current;
      if (!textarea || !typed) return;
      const inserted = `@${member.user.username} `;
      const value = textarea.value.slice(0, typed.start) + inserted + textarea.value.slice(typed.end);
      const caret = typed.start + inserted.length;
      setText(value);
      setTyped(null);
      requestAnimationFrame(() => {
        textarea.focus();
        textarea.setSelectionRange(caret, caret);
      });
    },
    [input, typed, setText],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    const keys: Record<string, () => void> = {
      ArrowDown: () => setActive((i) => (i + 1) % options.length),
      ArrowUp: () => setActive((i) => (i - 1 + options.length) % options.length),
      Enter: () => pick(options[active]),
      Tab: () => pick(options[active]),
      Escape: close,
    };
    const handle = keys[event.key];
    if (!handle || event.shiftKey) return false;
    event.preventDefault();
    handle();
    return true;
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return {
    listId,
    optionId,
    options,
    active,
    open,
    pick,
    close,
    onChange,
    onKeyDown,
    inputProps: {
      'aria-autocomplete': 'list',
      'aria-controls': open ? listId : undefined,
      'aria-activedescendant': open ? optionId(active) : undefined,
    },
  };
}

export function MentionSuggestions({ state }: { state: MentionState }) {
  return (
    <>
      {state.open && (
        <ul className="mention-suggestions" role="listbox" id={state.listId} aria-label="Members to mention">
          {state.options.map((m, i) => (
            <li
              key={m.user.id}
              id={state.optionId(i)}
              role="option"
              aria-selected={i === state.active}
              className={i === state.active ? 'mention-option mention-option--active' : 'mention-option'}
              onMouseDown={(e) => {
                e.preventDefault(); // keep focus in the textbox
                state.pick(m);
              }}
            >
              <span className="mention-option__name">{m.user.display_name}</span> <span className="hint">@{m.user.username}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="sr-only" role="status" aria-live="polite">
        {state.open
          ? `${state.options.length} ${state.options.length === 1 ? 'member' : 'members'} to mention: up and down to choose, Enter to insert`
          : ''}
      </p>
    </>
  );
}
