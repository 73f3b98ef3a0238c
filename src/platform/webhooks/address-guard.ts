import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** IPv6 forms whose last 32 bits name the IPv4 host the packets actually reach. */
const CARRIES_IPV4: { form: string; cidr: [IPv6, number] }[] = [
  { form: 'IPv4-mapped', cidr: ipaddr.IPv6.parseCIDR('::ffff:0:0/96') },
  { form: 'IPv4-compatible', cidr: ipaddr.IPv6.parseCIDR('::/96') }, // RFC 4291, deprecated; `::` and `::1` too
  { form: 'IPv4-translated', cidr: ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96') }, // SIIT, RFC 6145
  { form: 'NAT64', cidr: ipaddr.IPv6.parseCIDR('64:ff9b::/96') }, // the well-known prefix, RFC 6052
];

function embeddedIPv4(address: IPv6): { form: string; v4: IPv4 } | undefined {
  const form = CARRIES_IPV4.find(({ cidr }) => address.match(cidr))?.form;
  if (!form) return undefined;
  const [high, low] = address.parts.slice(-2);
  return { form, v4: new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]) };
}

/**
 * Why an address may not receive webhooks, or undefined when it may. Only what
 * ipaddr.js classifies as `unicast` (its IANA special-purpose tables: loopback,
 * private, carrier-grade NAT, link-local, multicast, unspecified, broadcast,
 * reserved, benchmarking, unique-local, site-local, discard, 6to4, Teredo, ...)
 * is allowed. An IPv6 address that carries an IPv4 address (mapped, compatible,
 * translated, NAT64 /96) is judged by that IPv4 address, as that is where the
 * packets end up; 6to4, Teredo and the NAT64 local-use prefix, whose relays are
 * outside our control, are refused whatever they embed.
 */
export function addressRefusal(address: string): string | undefined {
  if (!isIP(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return unicastOr(parsed, address);
  const embedded = embeddedIPv4(parsed as IPv6);
  if (!embedded) return unicastOr(parsed, address);
  const why = unicastOr(embedded.v4, embedded.v4.toString());
  return why && `${address} (${embedded.form}) carrying ${why}`;
}

function unicastOr(address: IPv4 | IPv6, shown: string): string | undefined {
  const range = address.range();
  return range === 'unicast' ? undefined : `${shown} (${range})`;
}

export class TargetRefused extends Error {}

/**
 * Resolves the URL's host once and answers the address to connect to. Every
 * address the name resolves to must be public (unless private targets are
 * allowed): the connection then goes to that very address, so a name that
 * resolves differently a moment later (DNS rebinding) cannot slip through.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const why = addressRefusal(address);
      if (why) throw new TargetRefused(`${isIP(host) ? why : `${host} resolves to ${why}, which`} is not a public unicast address`);
    }
  }
  return addresses[0];
}
