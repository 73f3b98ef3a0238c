import type { ParleyClient } from '@parley/client';
import { useState } from 'react';

/** The default organization's id (an access token without an `org` claim belongs to it). */
const DEFAULT_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';

/** The signed-in admin's organization: the `org` claim of the access token, else the default organization. */
export function organizationOf(client: ParleyClient): string {
  const token = client.tokens.current?.access_token ?? '';
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { org?: unknown };
    return typeof payload.org === 'string' ? payload.org : DEFAULT_ORGANIZATION_ID;
  } catch {
    return DEFAULT_ORGANIZATION_ID;
  }
}

/** A value to paste somewhere else (an identity provider, an LMS), with a Copy button. */
export function CopyValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-value">
      <dt>{label}</dt>
      <dd>
        <code>{value}</code>{' '}
        <button
          type="button"
          className="secondary small"
          aria-label={`Copy ${label}`}
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => undefined,
            )
          }
        >
          Copy
        </button>
        <span role="status">{copied ? ' Copied.' : ''}</span>
      </dd>
    </div>
  );
}
