import { type ParleyClient, unwrap } from '@parley/client';
import { useEffect, useState } from 'react';

const DEVICE_KEY = 'parley.push-device-id';

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** This browser's device id (one per installation), kept so registering again replaces the device. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

async function subscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * An opt-in for web push (docs/notifications.md): permission is asked only when the user turns it on,
 * never on load. Mounted in the notification settings (NotificationSettings.tsx).
 */
export function PushToggle({ client }: { client: ParleyClient }) {
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (supported()) void subscription().then((s) => setOn(Boolean(s) && Notification.permission === 'granted'));
  }, []);

  if (!supported()) return <p className="hint">This browser cannot show notifications from Parley.</p>;

  const enable = async () => {
    const permission = await Notification.requestPermission();
    if (permission === 'denied')
      throw new Error('Notifications are blocked for this site: allow them in the browser’s site settings, then try again.');
    if (permission !== 'granted') throw new Error('Notifications were not allowed.');
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const { public_key } = await unwrap<{ public_key: string }>(client.rest.GET('/api/v1/notifications/web-push-key'));
    const key = Uint8Array.from(atob(public_key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const sub =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
    const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
    await unwrap(
      client.rest.PUT('/api/v1/users/me/devices/{id}', {
        params: { path: { id: deviceId() } },
        body: { platform: 'web', subscription: { endpoint: json.endpoint, keys: json.keys } },
      }),
    );
  };

  const disable = async () => {
    await (await subscription())?.unsubscribe();
    await client.rest.DELETE('/api/v1/users/me/devices/{id}', { params: { path: { id: deviceId() } } });
  };

  const toggle = () => {
    setError(null);
    (on ? disable() : enable()).then(
      () => setOn(!on),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : 'Could not change notifications.'),
    );
  };

  return (
    <div className="push-toggle">
      <label className="check">
        <input type="checkbox" checked={Boolean(on)} disabled={on === null} onChange={toggle} /> Notify me on this device when I am away
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
