/* global self, URL */
/* Parley's service worker: shows web push notifications (docs/notifications.md) and opens the room on click. */

/**
 * Where a click on the notification leads: the payload's `url`, reduced to a path on this origin (whatever
 * the payload says), with the payload's `seq` added as `?seq=`, which opens the room at that message.
 */
function targetOf(data) {
  const given = new URL(typeof data?.url === 'string' ? data.url : '/', self.location.origin);
  const target = new URL(self.location.origin);
  target.pathname = given.pathname;
  target.search = given.search;
  if (Number.isSafeInteger(data?.seq) && data.seq > 0 && !target.searchParams.has('seq')) target.searchParams.set('seq', String(data.seq));
  return target.href;
}

self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' ? data.title : 'Parley';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : 'New message',
      // One notification per room: a newer one replaces it.
      tag: typeof data.room_id === 'string' ? `room-${data.room_id}` : undefined,
      renotify: typeof data.room_id === 'string',
      data: { url: targetOf(data) },
    }),
  );
});

// No caches here, so a new version may take over at once, and every Parley tab is controlled (a click can navigate it).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** A click: an open Parley tab goes to the room and comes to the front; without one, a new window opens there. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = targetOf(event.notification.data);
  const open = async () => {
    const [tab] = await self.clients.matchAll({ type: 'window' });
    const navigated = tab ? await tab.navigate(target).catch(() => null) : null;
    // (focus is allowed during a click; should the browser refuse it, the tab has still gone to the room)
    return navigated ? navigated.focus().catch(() => navigated) : self.clients.openWindow(target);
  };
  event.waitUntil(open());
});
