#!/usr/bin/env node
// Screenshots of the web app's main screens for the README (docs/screenshots/*.png).
// Run against a fresh Parley: PARLEY_URL=http://localhost:3000 npm run docs:screenshots
// It registers demo people, makes rooms and messages through the API, then drives Chromium.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import playwright from 'playwright-core';

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
const lines = [
  [alice, 'Morning! The new onboarding flow is ready for review.'],
  [bob, 'Nice. I left two comments on the empty states.'],
  [carol, 'Looks great on mobile too. Shipping Thursday?'],
  [alice, 'Thursday works. I will update the changelog.'],
];
for (const [who, content] of lines) await post(`/rooms/${team.id}/messages`, who.token, { content, client_message_id: randomUUID() });
const { room: dm } = await post('/rooms/direct', bob.token, { user_id: alice.id });
await post(`/rooms/${dm.id}/messages`, bob.token, { content: 'Got a minute for the roadmap?' });
await post('/rooms', carol.token, { room_type: 'GROUP', name: 'Announcements', visibility: 'public', description: 'Company-wide news' });
await post('/rooms', carol.token, { room_type: 'COURSE', name: 'Intro to Chemistry', visibility: 'public', description: 'Course Q&A, week 1-12' });
const study = await post('/rooms', carol.token, { room_type: 'GROUP', name: 'Study group' });
await post(`/rooms/${study.id}/invitations`, carol.token, { user_id: alice.id });

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
async function signedIn(user, viewport) {
  const context = await browser.newContext({ baseURL: base, viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
const desktop = { width: 1200, height: 720 };

const signin = await (await browser.newContext({ baseURL: base, viewport: { width: 900, height: 620 } })).newPage();
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
await a.screenshot({ path: `${out}/room.png` });
await a.getByRole('button', { name: /Members/ }).click();
await a.getByRole('heading', { name: 'Members' }).waitFor();
await a.screenshot({ path: `${out}/members.png` });
await a.getByRole('link', { name: 'Browse' }).click();
await a.getByRole('button', { name: /Join Intro to Chemistry/ }).waitFor();
await a.screenshot({ path: `${out}/browse.png` });

const phone = await signedIn(alice, { width: 390, height: 760 });
await phone.getByRole('link', { name: /Design team/ }).click();
await phone.getByRole('heading', { name: 'Design team' }).waitFor();
await phone.screenshot({ path: `${out}/phone.png` });
await browser.close();
console.log(`screenshots written to ${out}/`);
