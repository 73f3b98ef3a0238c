import { diffOf } from './roster.service';

describe('RosterService diff', () => {
  it('finds adds, removals and role changes, and counts the rest as unchanged', () => {
    const current = new Map([
      ['a', 'owner'],
      ['b', 'member'],
      ['c', 'admin'],
    ] as const);
    const wanted = new Map([
      ['a', 'owner'],
      ['b', 'admin'],
      ['d', 'member'],
    ] as const);
    const diff = diffOf(new Map(current), new Map(wanted));
    expect([...diff.add]).toEqual([['d', 'member']]);
    expect(diff.remove).toEqual(['c']);
    expect(diff.roles).toEqual([{ userId: 'b', role: 'admin' }]);
    expect(diff.unchanged).toBe(1);
  });

  it('changes nothing when the roster is what the room has', () => {
    const same = new Map([
      ['a', 'owner'],
      ['b', 'member'],
    ] as const);
    expect(diffOf(new Map(same), new Map(same))).toEqual({ add: new Map(), remove: [], roles: [], unchanged: 2 });
  });
});
