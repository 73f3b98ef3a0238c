import { ValidateBy } from 'class-validator';

/** An IANA time zone name the runtime knows (`Intl`). */
export function isKnownTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: { validate: isKnownTimeZone, defaultMessage: () => 'time_zone must be an IANA time zone such as Europe/Berlin.' },
  });

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight in `timeZone`. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/**
 * When the quiet hours `start`-`end` (local `HH:MM`, spanning midnight when end < start) around `now` end,
 * or null when `now` is outside them. Minute precision; a DST change inside the window may shift the end by an hour.
 */
export function quietHoursEnd(now: Date, quiet: { start: string; end: string; timeZone: string } | null): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const m = localMinutes(now, quiet.timeZone);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return null;
  const wait = (end - m + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
