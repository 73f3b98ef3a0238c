import { useEffect, useState } from 'react';

/** A tiny history router: paths are `/`, `/rooms/{id}` (`?seq=` opens it at that message), `/browse`, `/invitations`, `/mentions`, `/search` (`?q=`), `/profile`, `/settings/notifications`, `/users/{id}`, `/admin/...`. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}

export function roomIdOf(path: string): string | null {
  return /^\/rooms\/([0-9a-f-]{36})\/?$/i.exec(path)?.[1] ?? null;
}

export function userIdOf(path: string): string | null {
  return /^\/users\/([0-9a-f-]{36})\/?$/i.exec(path)?.[1] ?? null;
}
