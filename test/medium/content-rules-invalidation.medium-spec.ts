import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../src/core/config/app-config.service';
import { ContentBlockedError } from '../../src/core/errors/domain-error';
import { ContentPolicy } from '../../src/conversations/content-policy/content-policy';
import type { ContentRulesRepository } from '../../src/conversations/content-policy/store/content-rules.repository';
import type { ContentRule } from '../../src/conversations/content-policy/store/entities/content-rule.entity';
import { eventually } from '../support/sockets';
import { ShadowSuspensions } from '../../src/identity/auth/shadow-suspensions';
import type { SuspensionsRepository } from '../../src/identity/auth/store/suspensions.repository';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log('Content rules invalidation across nodes skipped: REDIS_URL is not set.');

/**
 * Two nodes' ContentPolicy on one Redis: a rule changed through one is dropped by the
 * other at once (the pub/sub channel), not after the 30-second reload.
 */
(redisUrl ? describe : describe.skip)('ContentPolicy across nodes (medium)', () => {
  const prefix = `parley-test-${randomBytes(4).toString('hex')}`;
  const config = { get: () => prefix } as unknown as AppConfig;
  let rules: ContentRule[] = [];
  const store = { enabled: async () => rules } as unknown as ContentRulesRepository;
  const redises: Redis[] = [];
  const nodes: ContentPolicy[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const redis = new Redis(redisUrl!);
      redises.push(redis);
      const node = new ContentPolicy(store, redis, { applies: async () => false } as unknown as ShadowSuspensions, config);
      node.onModuleInit();
      nodes.push(node);
    }
    // Subscribed once the channel counts both nodes' subscribers.
    await eventually(async () =>
      expect(await redises[0].pubsub('NUMSUB', `${prefix}:content-rules:changed`)).toEqual([`${prefix}:content-rules:changed`, 2]),
    );
  });
  afterAll(async () => {
    for (const node of nodes) await node.onApplicationShutdown();
    for (const redis of redises) await redis.quit();
  });

  it('drops the other node’s compiled rules when one node changes a rule', async () => {
    const [a, b] = nodes;
    await expect(b.check('room-1', 'a badword', { senderId: 'u', edit: false })).resolves.toMatchObject({ content: 'a badword' });
    rules = [{ id: 'rule-1', scope: 'deployment', roomId: null, kind: 'words', action: 'block', config: { words: ['badword'] } } as ContentRule];
    // b still holds the snapshot it loaded: only the channel can tell it.
    await expect(b.check('room-1', 'a badword', { senderId: 'u', edit: false })).resolves.toMatchObject({ content: 'a badword' });
    await a.changed();
    await eventually(() => expect(b.check('room-1', 'a badword', { senderId: 'u', edit: false })).rejects.toBeInstanceOf(ContentBlockedError));
  });
});

/** The same for shadow suspensions (docs/compliance.md): suspending through one node reaches the other's send path at once. */
(redisUrl ? describe : describe.skip)('ShadowSuspensions across nodes (medium)', () => {
  const prefix = `parley-test-${randomBytes(4).toString('hex')}`;
  const config = { get: () => prefix } as unknown as AppConfig;
  let shadowed: { userId: string; until: Date | null }[] = [];
  const store = { shadowed: async () => shadowed } as unknown as SuspensionsRepository;
  const redises: Redis[] = [];
  const nodes: ShadowSuspensions[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const redis = new Redis(redisUrl!);
      redises.push(redis);
      const node = new ShadowSuspensions(store, redis, config);
      node.onModuleInit();
      nodes.push(node);
    }
    await eventually(async () =>
      expect(await redises[0].pubsub('NUMSUB', `${prefix}:suspensions:changed`)).toEqual([`${prefix}:suspensions:changed`, 2]),
    );
  });
  afterAll(async () => {
    for (const node of nodes) await node.onApplicationShutdown();
    for (const redis of redises) await redis.quit();
  });

  it('tells the other node of a shadow suspension and of its lifting, and ends one at its time', async () => {
    const [a, b] = nodes;
    await expect(b.applies('u1')).resolves.toBe(false);
    shadowed = [
      { userId: 'u1', until: null },
      { userId: 'u2', until: new Date(Date.now() - 1000) },
    ];
    await expect(b.applies('u1')).resolves.toBe(false); // b still holds its snapshot
    await a.changed();
    await eventually(() => expect(b.applies('u1')).resolves.toBe(true));
    await expect(b.applies('u2')).resolves.toBe(false);
    shadowed = [];
    await a.changed();
    await eventually(() => expect(b.applies('u1')).resolves.toBe(false));
  });
});
