/** Small server-rendered pages of LTI flows (inside the LMS's frame or window). */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string, script = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>${escapeHtml(title)}</title><style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:40rem}label{display:block;margin:.5rem 0}button{margin-top:1rem;font-size:1rem}</style></head>` +
  `<body>${body}${script}</body></html>`;

/**
 * A form the browser posts at once (how an LTI tool answers the platform, e.g. the deep-linking
 * response): the script needs no inline handler, the button serves a browser without scripts.
 */
export function autoPostPage(title: string, action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    title,
    `<form id="lti-post" method="post" action="${escapeHtml(action)}">${inputs}<p>${escapeHtml(title)}</p><button type="submit">Continue</button></form>`,
    `<script>document.getElementById('lti-post').submit()</script>`,
  );
}

export function htmlPage(title: string, body: string, script = ''): string {
  return page(title, body, script);
}
