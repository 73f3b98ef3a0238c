#!/usr/bin/env node
// Screenshots of the web app's main screens for the README (docs/screenshots/*.png): sign in, rooms, a conversation,
// a thread, members, public rooms, search results, phone width, the dark theme and the admin console.
// Run against a fresh Parley: PARLEY_URL=http://localhost:3000 npm run docs:screenshots
// Emoji need a colour emoji font on the machine (Debian: apt-get install fonts-noto-color-emoji).
// For the admin console, give the admin Parley made at boot: ADMIN_USERNAME=... ADMIN_PASSWORD=... (the
// server's own ADMIN_* settings); without them admin.png is skipped.
// It registers demo people, makes rooms, messages, a picture, reactions and a thread through the API, then drives Chromium.
/* global FormData, Blob */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import playwright from 'playwright-core';
import sharp from 'sharp';

const base = process.env.PARLEY_URL ?? 'http://localhost:3000';
const out = 'docs/screenshots';
const suffix = process.env.DEMO_SUFFIX ?? '';
const password = 'a-good-password';

async function api(path, { token, ...init } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}
const post = (path, token, body) => api(path, { method: 'POST', token, body: JSON.stringify(body ?? {}) });

async function person(username, display_name) {
  const name = `${username}${suffix}`;
  const auth = await post('/auth/register', undefined, { username: name, email: `${name}@example.com`, password, display_name });
  return { ...auth.user, token: auth.access_token };
}

const alice = await person('alice', 'Alice Martin');
const bob = await person('bob', 'Bob Chen');
const carol = await person('carol', 'Carol Diaz');
const team = await post('/rooms', alice.token, {
  room_type: 'GROUP',
  name: 'Design team',
  description: 'Weekly design sync',
  participants: [bob.id, carol.id],
});
const say = (who, content, extra = {}) => post(`/rooms/${team.id}/messages`, who.token, { content, client_message_id: randomUUID(), ...extra });
const react = (who, message, emoji) =>
  api(`/rooms/${team.id}/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`, { method: 'PUT', token: who.token });

// A picture to share: a drawn mock-up of the onboarding screen (an SVG rendered to PNG, no file needed).
const mockup = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b5bdb"/><stop offset="1" stop-color="#7048e8"/></linearGradient></defs>
  <rect width="640" height="400" fill="url(#g)"/>
  <rect x="170" y="40" width="300" height="320" rx="22" fill="#ffffff"/>
  <circle cx="320" cy="120" r="38" fill="#e6ecfb"/><circle cx="320" cy="112" r="14" fill="#3b5bdb"/><rect x="298" y="130" width="44" height="18" rx="9" fill="#3b5bdb"/>
  <rect x="215" y="185" width="210" height="16" rx="8" fill="#1b1f29"/><rect x="235" y="213" width="170" height="10" rx="5" fill="#9aa3b5"/>
  <rect x="215" y="250" width="210" height="30" rx="8" fill="#f1f3f8" stroke="#d9dee8"/>
  <rect x="215" y="298" width="210" height="36" rx="10" fill="#3b5bdb"/><rect x="285" y="311" width="70" height="10" rx="5" fill="#ffffff"/>
</svg>`;
async function uploadPng(who, name, svg) {
  const form = new FormData();
  form.append('file', new Blob([await sharp(Buffer.from(svg)).png().toBuffer()], { type: 'image/png' }), name);
  const res = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: { Authorization: `Bearer ${who.token}` }, body: form });
  if (!res.ok) throw new Error(`POST /uploads: ${res.status} ${await res.text()}`);
  return res.json();
}

const review = await say(alice, 'Morning! The new **onboarding** flow is ready for review.');
const comments = await say(bob, 'Nice. I left two comments on the empty states.');
const picture = await uploadPng(carol, 'onboarding-mobile.png', mockup);
const mobile = await say(carol, 'Looks great on mobile too. Shipping Thursday?', { attachments: [picture.id] });
await say(alice, `Thursday works. I will update the \`CHANGELOG\`.`);
await react(bob, review, '🎉');
await react(carol, review, '🎉');
await react(alice, comments, '👍');
await react(alice, mobile, '😍');
await react(bob, mobile, '😍');
await react(bob, mobile, '🚀');
const thread = { thread_root_id: comments.id };
await say(alice, 'The first one is fixed. For the second: keep the illustration?', thread);
await say(bob, 'Keep it, just smaller on phones.', thread);
await say(carol, 'Agreed, 160px tall at most.', thread);
const { room: dm } = await post('/rooms/direct', bob.token, { user_id: alice.id });
await post(`/rooms/${dm.id}/messages`, bob.token, { content: 'Got a minute for the roadmap?' });
const announcements = await post('/rooms', carol.token, {
  room_type: 'GROUP',
  name: 'Announcements',
  visibility: 'public',
  description: 'Company-wide news',
});
await post('/rooms', carol.token, { room_type: 'COURSE', name: 'Intro to Chemistry', visibility: 'public', description: 'Course Q&A, week 1-12' });
const study = await post('/rooms', carol.token, { room_type: 'GROUP', name: 'Study group' });
await post(`/rooms/${study.id}/invitations`, carol.token, { user_id: alice.id });
// Something for the moderators' queue: spam in a public room, reported.
const dave = await person('dave', 'Dave Quick');
await post(`/rooms/${announcements.id}/join`, dave.token);
const spam = await post(`/rooms/${announcements.id}/messages`, dave.token, { content: 'Cheap watches!!! Click www.example.com/deal now' });
await post(`/rooms/${announcements.id}/messages/${spam.id}/report`, carol.token, { reason: 'spam', details: 'Third time this week.' });

mkdirSync(out, { recursive: true });
const browser = await playwright.chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
async function signedIn(user, viewport, colorScheme = 'light', secret = password) {
  const context = await browser.newContext({ baseURL: base, viewport, deviceScaleFactor: 1, colorScheme });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
const desktop = { width: 1200, height: 900 };

const signin = await (await browser.newContext({ baseURL: base, viewport: { width: 900, height: 620 }, colorScheme: 'light' })).newPage();
await signin.goto('/');
await signin.getByLabel('Username or email').fill('alice');
await signin.screenshot({ path: `${out}/sign-in.png` });

const a = await signedIn(alice, desktop);
const b = await signedIn(bob, desktop);
await b.getByRole('link', { name: /Design team/ }).click();
await a.getByRole('link', { name: /Design team/ }).waitFor();
await a.screenshot({ path: `${out}/rooms.png` }); // unread badges before opening
await a.getByRole('link', { name: /Design team/ }).click();
await a.getByText('Seen by').first().waitFor();
await b.getByRole('textbox', { name: 'Message', exact: true }).fill('Sounds good, I');
await a.getByText('is typing…').waitFor();
await a.getByRole('button', { name: 'View image onboarding-mobile.png' }).locator('img').waitFor();
await a.screenshot({ path: `${out}/room.png` });
await b.getByRole('textbox', { name: 'Message', exact: true }).fill('');
await a.getByRole('button', { name: /^Thread of message: Nice/ }).click();
await a.getByRole('complementary', { name: 'Thread' }).getByText('160px tall').waitFor();
await a.mouse.move(1, 1); // no message under the pointer (its actions would show)
await a.screenshot({ path: `${out}/thread.png` });
await a.getByRole('button', { name: 'Close thread' }).click();
await a.getByRole('button', { name: /Members/ }).click();
await a.getByRole('heading', { name: 'Members' }).waitFor();
await a.getByText('Nobody.').waitFor(); // the ban list loaded
await a.screenshot({ path: `${out}/members.png` });
await a.getByRole('link', { name: 'Browse' }).click();
await a.getByRole('button', { name: /Join Intro to Chemistry/ }).waitFor();
await a.screenshot({ path: `${out}/browse.png` });
await a
  .getByRole('searchbox', { name: 'Search messages in all your rooms' })
  .or(a.getByLabel('Search messages in all your rooms'))
  .first()
  .fill('onboarding');
await a.keyboard.press('Enter');
await a
  .getByRole('status')
  .filter({ hasText: /results?\./ })
  .first()
  .waitFor();
await a.mouse.move(1, 1);
await a.screenshot({ path: `${out}/search.png` });

const phone = await signedIn(alice, { width: 390, height: 760 });
await phone.getByRole('link', { name: /Design team/ }).click();
await phone.getByRole('heading', { name: 'Design team' }).waitFor();
await phone.getByRole('log', { name: 'Messages' }).getByText('I will update the').waitFor();
await phone.screenshot({ path: `${out}/phone.png` });

const night = await signedIn(carol, desktop, 'dark'); // the system prefers dark: so does the app
await night.getByRole('link', { name: /Design team/ }).click();
await night.getByRole('button', { name: 'View image onboarding-mobile.png' }).locator('img').waitFor();
await night.screenshot({ path: `${out}/dark.png` });

if (process.env.ADMIN_USERNAME && process.env.ADMIN_PASSWORD) {
  const admin = await signedIn({ username: process.env.ADMIN_USERNAME }, desktop, 'light', process.env.ADMIN_PASSWORD);
  await admin.getByRole('link', { name: 'Admin', exact: true }).click();
  await admin.getByRole('list', { name: 'Open reports' }).getByText('Cheap watches').waitFor();
  await admin.screenshot({ path: `${out}/admin.png` });
} else console.log("admin.png skipped: set ADMIN_USERNAME and ADMIN_PASSWORD (the server's ADMIN_* settings)");
await browser.close();
console.log(`screenshots written to ${out}/`);
