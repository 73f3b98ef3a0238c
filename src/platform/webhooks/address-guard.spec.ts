import { jest } from '@jest/globals';
import * as realDns from 'node:dns/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** Names given a fixed DNS answer here; every other name goes to the real resolver. */
const answers = new Map<string, string>();
const lookup = jest.fn((host: string, options: object) => {
  const address = answers.get(host);
  return address ? Promise.resolve([{ address, family: 4 }]) : realDns.lookup(host, options);
});
jest.unstable_mockModule('node:dns/promises', () => ({ ...realDns, lookup }));

let addressRefusal: typeof import('./address-guard.js').addressRefusal;
let resolveTarget: typeof import('./address-guard.js').resolveTarget;
let sendWebhook: typeof import('./webhook-sender.js').sendWebhook;
let retryDelayMs: typeof import('../../core/outbox/drain-loop.js').retryDelayMs;
beforeAll(async () => {
  // Imported after the mock, so they see its DNS.
  ({ addressRefusal, resolveTarget } = await import('./address-guard.js'));
  ({ sendWebhook } = await import('./webhook-sender.js'));
  ({ retryDelayMs } = await import('../../core/outbox/drain-loop.js'));
});

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Every special-purpose category, each as the range named in the refusal. */
const REFUSED: [string, RegExp][] = [
  // The four addresses of issue 24, as written and as the URL parser normalizes them.
  ['::127.0.0.1', /127\.0\.0\.1 \(loopback\)/], // ipaddr.js reads `::a.b.c.d` as mapped: the same verdict
  ['::7f00:1', /IPv4-compatible.*127\.0\.0\.1 \(loopback\)/],
  ['::ffff:0:127.0.0.1', /IPv4-translated.*127\.0\.0\.1 \(loopback\)/],
  ['::ffff:0:7f00:1', /IPv4-translated.*127\.0\.0\.1 \(loopback\)/],
  ['2002:7f00:1::', /\(6to4\)/],
  ['fec0::1', /\(deprecatedSiteLocal\)/],
  // IPv4
  ['127.0.0.1', /\(loopback\)/],
  ['10.0.0.8', /\(private\)/],
  ['172.20.1.1', /\(private\)/],
  ['192.168.0.1', /\(private\)/],
  ['169.254.169.254', /\(linkLocal\)/],
  ['100.64.0.1', /\(carrierGradeNat\)/],
  ['0.0.0.0', /\(unspecified\)/],
  ['0.1.2.3', /\(unspecified\)/],
  ['255.255.255.255', /\(broadcast\)/],
  ['224.0.0.1', /\(multicast\)/],
  ['192.0.0.8', /\(reserved\)/],
  ['192.0.2.1', /\(reserved\)/],
  ['198.18.0.1', /\(reserved\)/], // benchmarking
  ['198.51.100.7', /\(reserved\)/],
  ['240.0.0.1', /\(reserved\)/],
  ['192.175.48.1', /\(as112\)/],
  // IPv6
  ['::1', /IPv4-compatible.*0\.0\.0\.1 \(unspecified\)/],
  ['::', /IPv4-compatible.*0\.0\.0\.0 \(unspecified\)/],
  ['fe80::1', /\(linkLocal\)/],
  ['fe80::1%eth0', /\(linkLocal\)/],
  ['fd00::1', /\(uniqueLocal\)/],
  ['fc00::1', /\(uniqueLocal\)/],
  ['ff02::1', /\(multicast\)/],
  ['2001:db8::1', /\(reserved\)/],
  ['2001:2::1', /\(benchmarking\)/],
  ['100::1', /\(discard\)/],
  ['5f00::1', /\(segmentRouting\)/],
  ['2002:808:808::1', /\(6to4\)/], // refused whatever it embeds
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /\(teredo\)/],
  ['64:ff9b:1::a00:1', /\(rfc6052\)/], // NAT64 local-use prefix: the embedding depends on the network
  // IPv6 forms carrying a private IPv4 address
  ['::ffff:127.0.0.1', /IPv4-mapped.*127\.0\.0\.1 \(loopback\)/],
  ['::ffff:10.1.2.3', /IPv4-mapped.*10\.1\.2\.3 \(private\)/],
  ['::ffff:169.254.169.254', /IPv4-mapped.*\(linkLocal\)/],
  ['::a00:1', /IPv4-compatible.*10\.0\.0\.1 \(private\)/],
  ['64:ff9b::10.0.0.1', /NAT64.*10\.0\.0\.1 \(private\)/],
  ['64:ff9b::7f00:1', /NAT64.*127\.0\.0\.1 \(loopback\)/],
  ['64:ff9b::a9fe:a9fe', /NAT64.*169\.254\.169\.254 \(linkLocal\)/],
  // Not an address at all
  ['example.com', /not an IP address/],
];

const ALLOWED = [
  '93.184.216.34',
  '8.8.8.8',
  '1.1.1.1',
  '2606:4700::1111',
  '2a00:1450:4001:80b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::8.8.8.8',
  '::808:808',
];

describe('webhook targets', () => {
  it.each(REFUSED)('refuses %s', (address, why) => {
    expect(addressRefusal(address)).toMatch(why);
  });

  it.each(ALLOWED)('allows the public unicast address %s', (address) => {
    expect(addressRefusal(address)).toBeUndefined();
  });

  it.each([
    'http://[::127.0.0.1]/',
    'http://[::ffff:0:127.0.0.1]/',
    'http://[2002:7f00:1::]/',
    'http://[fec0::1]/',
    'http://2130706433/',
    'http://0x7f.1/',
  ])('refuses the URL %s however its host is written', async (url) => {
    await expect(resolveTarget(new URL(url), false)).rejects.toThrow(/is not a public unicast address/);
    await expect(resolveTarget(new URL(url), true)).resolves.toMatchObject({ address: expect.any(String) });
  });

  it('resolves a name once and refuses it when any address is not public', async () => {
    await expect(resolveTarget(new URL('http://localhost:1/'), false)).rejects.toThrow(
      /localhost resolves to .*, which is not a public unicast address/,
    );
    await expect(resolveTarget(new URL('http://localhost:1/'), true)).resolves.toMatchObject({ address: expect.any(String) });
  });

  it('refuses at send time too (a URL accepted earlier may resolve elsewhere now)', async () => {
    const attempt = await sendWebhook(
      { id: 'msg_1', url: 'http://[::ffff:0:127.0.0.1]:9/', secret: SECRET, payload: {} },
      { timeoutMs: 500, allowPrivate: false },
    );
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: .*loopback/) });
  });

  describe('DNS answers that change between attempts (rebinding)', () => {
    let server: Server;
    let port: number;
    const hosts: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        hosts.push(req.headers.host ?? '');
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    afterEach(() => answers.clear());

    it('checks the name again on every attempt and refuses when it now points inside', async () => {
      const url = `http://hooks.rebind.invalid:${port}/`;
      answers.set('hooks.rebind.invalid', '93.184.216.34');
      await expect(resolveTarget(new URL(url), false)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
      answers.set('hooks.rebind.invalid', '127.0.0.1');
      const attempt = await sendWebhook({ id: 'msg_2', url, secret: SECRET, payload: {} }, { timeoutMs: 2000, allowPrivate: false });
      expect(attempt.error).toMatch(/^refused: hooks\.rebind\.invalid resolves to 127\.0\.0\.1 \(loopback\)/);
      expect(hosts).toEqual([]);
    });

    it('connects to the very address it checked, never resolving the name a second time', async () => {
      const url = `http://pinned.rebind.invalid:${port}/`;
      answers.set('pinned.rebind.invalid', '127.0.0.1');
      lookup.mockClear();
      // `.invalid` never resolves (RFC 6761): only the checked answer can have reached the server.
      const attempt = await sendWebhook({ id: 'msg_3', url, secret: SECRET, payload: {} }, { timeoutMs: 2000, allowPrivate: true });
      expect(attempt).toMatchObject({ ok: true, statusCode: 200 });
      expect(hosts).toEqual([`pinned.rebind.invalid:${port}`]);
      expect(lookup).toHaveBeenCalledTimes(1);
    });
  });

  it('backs off exponentially with jitter', () => {
    for (const [attempt, base] of [
      [1, 5000],
      [2, 20000],
      [9, 5000 * 4 ** 8],
    ] as const) {
      const delay = retryDelayMs(attempt, 5000);
      expect(delay).toBeGreaterThanOrEqual(base * 0.8);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
