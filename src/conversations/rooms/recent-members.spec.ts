import { jest } from '@jest/globals';
import { RecentMembers } from './recent-members';

describe(RecentMembers.name, () => {
  it('remembers a membership only once its check has passed, and forgets it on demand', async () => {
    const recent = new RecentMembers();
    await expect(recent.confirm('room', 'alice', () => Promise.reject(new Error('not a member')))).rejects.toThrow('not a member');
    expect(recent.has('room', 'alice')).toBe(false);
    await recent.confirm('room', 'alice', () => Promise.resolve());
    expect(recent.has('room', 'alice')).toBe(true);
    expect(recent.has('room', 'bob')).toBe(false);
    recent.forget('room', 'alice');
    expect(recent.has('room', 'alice')).toBe(false);
  });

  it('runs one check at a time per room and user: concurrent callers share it', async () => {
    const recent = new RecentMembers();
    let runs = 0;
    let pass!: () => void;
    const check = () => {
      runs += 1;
      return new Promise<void>((resolve) => (pass = resolve));
    };
    const first = recent.confirm('room', 'alice', check);
    const second = recent.confirm('room', 'alice', check);
    pass();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    await recent.confirm('room', 'alice', () => Promise.resolve().then(() => void (runs += 1)));
    expect(runs).toBe(2);
  });

  it('trusts a membership for a minute only', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
    try {
      const recent = new RecentMembers();
      recent.remember('room', 'alice');
      jest.setSystemTime(Date.parse('2026-03-01T12:00:59Z'));
      expect(recent.has('room', 'alice')).toBe(true);
      jest.setSystemTime(Date.parse('2026-03-01T12:01:00Z'));
      expect(recent.has('room', 'alice')).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
