/**
 * Registers Parley's service worker (`/sw.js`: shows web pushes, opens the room on click) once the page has
 * loaded. Registering asks nothing of the user; only turning push on (PushToggle) asks for permission.
 * A registered worker is what lets a push reach this browser when no Parley tab is open.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
