import { useEffect, useRef, useState } from 'react';

/** A secret Parley shows this once (an API key, a webhook signing secret): shown, copyable, then gone. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const shown = useRef<HTMLElement>(null);
  useEffect(() => shown.current?.focus(), [secret]);
  return (
    <div className="secret-once" role="group" aria-labelledby="secret-label">
      <p id="secret-label">
        <strong>{label}</strong> Store it now: Parley keeps only a hash and will not show it again.
      </p>
      <code className="secret" tabIndex={0} ref={shown}>
        {secret}
      </code>
      <div className="button-row">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => undefined,
            )
          }
        >
          Copy
        </button>
        <button type="button" onClick={onDone}>
          I stored it
        </button>
        <span role="status">{copied ? 'Copied.' : ''}</span>
      </div>
    </div>
  );
}
