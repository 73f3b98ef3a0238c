import { usernameBase } from './external-users.service';

describe('ExternalUsersService usernames', () => {
  it('makes a claim fit the username rules', () => {
    expect(usernameBase('Jane Doe', 'sub')).toBe('jane_doe');
    expect(usernameBase('jane.doe@corp.example', 'sub')).toBe('jane.doe_corp.example');
    expect(usernameBase('Zoë', 'sub')).toBe('zo_');
    expect(usernameBase('x'.repeat(60), 'sub')).toHaveLength(26); // room left for "-NNNN"
  });

  it('falls back to the subject, then pads to three characters', () => {
    expect(usernameBase(undefined, 'f81d4fae-7dec')).toBe('f81d4fae-7dec');
    expect(usernameBase('', 'a')).toBe('a__');
    expect(usernameBase('!!!', '')).toBe('___');
  });
});
