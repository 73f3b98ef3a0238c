/* global self, URL */
/* Parley's service worker: shows web push notifications (docs/notifications.md) and opens the room on click. */
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
      renotify: true,
      data: { url: typeof data.url === 'string' ? data.url : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // Only a path on this origin is ever opened, whatever the payload says.
  const given = new URL(event.notification.data?.url ?? '/', self.location.origin);
  const target = new URL(`${given.pathname}${given.search}`, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if ('navigate' in client && 'focus' in client) return client.navigate(target).then((c) => (c ?? client).focus());
      }
      return self.clients.openWindow(target);
    }),
  );
});
