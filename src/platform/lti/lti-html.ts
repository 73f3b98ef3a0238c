import { randomBytes } from 'node:crypto';

/** A server-rendered page of an LTI flow (shown inside the LMS's frame or window) and its own CSP. */
export interface LtiPage {
  html: string;
  /** Scripts only by this page's nonce, forms only to Parley and `formAction`; the frame ancestors are the controller's. */
  csp: string;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE =
  'body{font:16px system-ui,sans-serif;margin:2rem;max-width:40rem}label{display:block;margin:.5rem 0}button{margin-top:1rem;font-size:1rem}';

/** A page; `script` runs under the page's nonce; `formAction` is another origin its form may post to. */
export function htmlPage(title: string, body: string, script = '', formAction?: string): LtiPage {
  const nonce = randomBytes(16).toString('base64');
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>` +
    `<body>${body}${script ? `<script nonce="${nonce}">${script}</script>` : ''}</body></html>`;
  const forms = ["'self'", ...(formAction ? [new URL(formAction).origin] : [])].join(' ');
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; form-action ${forms}; base-uri 'none'`;
  return { html, csp };
}

/**
 * A form the browser posts at once (how an LTI tool answers the platform: the deep-linking
 * response); the button serves a browser without scripts.
 */
export function autoPostPage(title: string, action: string, fields: Record<string, string>): LtiPage {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return htmlPage(
    title,
    `<form id="lti-post" method="post" action="${escapeHtml(action)}">${inputs}<p>${escapeHtml(title)}</p><button type="submit">Continue</button></form>`,
    `document.getElementById('lti-post').submit()`,
    action,
  );
}
