import { ParleyError } from '@parley/client';
import { type ReactNode, useId, useState } from 'react';
import { describe } from '../errors';

/** What a control needs to be tied to its help and error texts. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled control with its help text and the server's errors for it, tied with
 * `aria-describedby` / `aria-invalid` (the error is read out with the field).
 */
export function Field({
  label,
  hint,
  errors,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, errors?.length && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': errors?.length ? true : undefined })}
      {hint && (
        <span className="field-help" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {errors?.length ? (
        <span className="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

export interface FormState {
  /** The server's messages per field (400 `{field: [message]}`). */
  fields: Record<string, string[]>;
  /** Anything not shown beside a field. */
  error: string | null;
  /** A success message, announced politely. */
  done: string | null;
  busy: boolean;
  /** Runs `action`: field errors go beside `known` fields, the rest above the buttons; `success` is announced. */
  run<T>(action: () => Promise<T>, success?: string | ((result: T) => string), known?: string[]): Promise<boolean>;
  reset(): void;
}

export function useFormState(): FormState {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = () => (setFields({}), setError(null), setDone(null));
  async function run<T>(action: () => Promise<T>, success?: string | ((result: T) => string), known: string[] = []): Promise<boolean> {
    reset();
    setBusy(true);
    try {
      const result = await action();
      if (success) setDone(typeof success === 'function' ? success(result) : success);
      return true;
    } catch (failure) {
      const all = failure instanceof ParleyError && failure.fields ? failure.fields : {};
      const shown = Object.fromEntries(Object.entries(all).filter(([name]) => known.includes(name)));
      setFields(shown);
      const rest = Object.keys(all).length > Object.keys(shown).length || !Object.keys(all).length;
      setError(rest ? describe(failure) : 'Please correct the fields marked above.');
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { fields, error, done, busy, run, reset };
}

/** The form's outcome: an error (alert) or a success (status). */
export function FormOutcome({ state }: { state: FormState }) {
  return (
    <>
      {state.error && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      <p className="ok" role="status">
        {state.done ?? ''}
      </p>
    </>
  );
}
