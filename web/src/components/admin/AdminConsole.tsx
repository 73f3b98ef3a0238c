import type { ParleyClient, Room } from '@parley/client';
import { useEffect, useRef } from 'react';
import { navigate } from '../../router';
import { ApiKeys } from './ApiKeys';
import { AuditLog } from './AuditLog';
import ContentRules from '../content-rules/ContentRules';
import { Reports } from './Reports';
import { Lti } from './Lti';
import { SignInProviders } from './SignInProviders';
import { Users } from './Users';
import { Webhooks } from './Webhooks';
import './admin.css';

const TABS = [
  { path: 'reports', label: 'Reports', global: false },
  { path: 'audit', label: 'Audit log', global: false },
  { path: 'users', label: 'Users', global: true },
  { path: 'api-keys', label: 'API keys', global: true },
  { path: 'webhooks', label: 'Webhooks', global: true },
  { path: 'content-rules', label: 'Content rules', global: true },
  { path: 'sign-in', label: 'Sign-in', global: true },
  { path: 'lti', label: 'LTI', global: true },
] as const;

/**
 * The moderation and admin console, loaded on demand (App imports it lazily): the reports
 * queue and the audit log for room owners and admins (their rooms) and global admins (all);
 * users, API keys, webhooks, the content rules, the organization's sign-in providers and LTI
 * platforms for global (organization) admins.
 */
export function AdminConsole({ client, path, rooms }: { client: ParleyClient; path: string; rooms: Room[] }) {
  const admin = client.user?.role === 'admin';
  const tabs = TABS.filter((t) => admin || !t.global);
  const current = tabs.find((t) => path === `/admin/${t.path}`) ?? tabs[0];
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [current.path]);
  const moderated = rooms.filter((r) => r.my_role === 'owner' || r.my_role === 'admin');

  return (
    <section className="panel console" aria-labelledby="console-title">
      <h1 id="console-title" tabIndex={-1} ref={heading}>
        {admin ? 'Admin console' : 'Moderation'}: {current.label}
      </h1>
      <nav aria-label="Console sections" className="console__tabs">
        {tabs.map((t) => (
          <a
            key={t.path}
            href={`/admin/${t.path}`}
            aria-current={t === current ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate(`/admin/${t.path}`))}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {current.path === 'reports' && <Reports client={client} />}
      {current.path === 'audit' && <AuditLog client={client} rooms={moderated} />}
      {current.path === 'users' && <Users client={client} />}
      {current.path === 'api-keys' && <ApiKeys client={client} />}
      {current.path === 'webhooks' && <Webhooks client={client} />}
      {current.path === 'content-rules' && <ContentRules client={client} />}
      {current.path === 'sign-in' && <SignInProviders client={client} />}
      {current.path === 'lti' && <Lti client={client} />}
    </section>
  );
}
