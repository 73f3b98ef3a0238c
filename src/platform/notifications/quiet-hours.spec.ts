import { isKnownTimeZone, quietHoursEnd } from './quiet-hours';

describe(quietHoursEnd.name, () => {
  const at = (iso: string) => new Date(iso);

  it('answers null outside the quiet hours and when there are none', () => {
    expect(quietHoursEnd(at('2026-12-07T12:00:00Z'), { start: '22:00', end: '07:00', timeZone: 'UTC' })).toBeNull();
    expect(quietHoursEnd(at('2026-12-07T12:00:00Z'), null)).toBeNull();
  });

  it('answers the end of quiet hours that span midnight, on either side of it', () => {
    expect(quietHoursEnd(at('2026-12-07T23:30:00Z'), { start: '22:00', end: '07:00', timeZone: 'UTC' })).toEqual(at('2026-12-08T07:00:00Z'));
    expect(quietHoursEnd(at('2026-12-07T03:15:20Z'), { start: '22:00', end: '07:00', timeZone: 'UTC' })).toEqual(at('2026-12-07T07:00:00Z'));
  });

  it('reads the clock in the user time zone', () => {
    // 12:00 UTC is 13:00 in Berlin (CET, winter): inside 12:30-14:00 there, ending at 13:00 UTC.
    expect(quietHoursEnd(at('2026-12-07T12:00:00Z'), { start: '12:30', end: '14:00', timeZone: 'Europe/Berlin' })).toEqual(
      at('2026-12-07T13:00:00Z'),
    );
    expect(quietHoursEnd(at('2026-12-07T12:00:00Z'), { start: '12:30', end: '14:00', timeZone: 'UTC' })).toBeNull();
  });

  it('knows IANA time zones and refuses anything else', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone(5)).toBe(false);
  });
});
