import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal `<dialog>`: focus moves in (to the first control, or `autoFocus`), Tab stays inside,
 * Escape or Cancel closes it (`onClose`), and focus returns to what opened it.
 */
export function Dialog({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const element = dialog.current!;
    if (!element.open) element.showModal();
    // Escape: the dialog closes itself; the owner unmounts it through onClose.
    const closed = () => close.current();
    element.addEventListener('close', closed);
    return () => {
      element.removeEventListener('close', closed);
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`dialog${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      // Escape closes the dialog only, not a side panel around its opener (a thread's message).
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
