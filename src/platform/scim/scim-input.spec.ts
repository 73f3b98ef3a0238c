import { applyPatch, entraBooleans, paging, parseFilter, readUser, USER_SCHEMA } from './scim-input';
import { ScimError } from './scim-error';
import { ifMatchHolds } from './scim-users.service';

describe('SCIM input', () => {
  it('reads Entra ID\'s "True"/"False" as booleans for active and primary only', () => {
    expect(entraBooleans({ active: 'False', title: 'True', emails: [{ primary: 'True', value: 'a@b.c' }], 'name.givenName': 'False' })).toEqual({
      active: false,
      title: 'True',
      emails: [{ primary: true, value: 'a@b.c' }],
      'name.givenName': 'False',
    });
  });

  it('applies a PATCH replace without a path (Entra ID) and with a path to a string boolean', async () => {
    const current = { schemas: [USER_SCHEMA], id: 'x', userName: 'a', active: true, name: { givenName: 'A' } };
    const op = (Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
    await expect(applyPatch('User', current, op([{ op: 'Replace', value: { active: 'False', 'name.familyName': 'Z' } }]))).resolves.toEqual(
      expect.objectContaining({ active: false, name: { givenName: 'A', familyName: 'Z' } }),
    );
    await expect(applyPatch('User', current, op([{ op: 'replace', path: 'active', value: 'False' }]))).resolves.toEqual(
      expect.objectContaining({ active: false }),
    );
    await expect(applyPatch('User', current, op([{ op: 'frob' }]))).rejects.toBeInstanceOf(ScimError);
  });

  it('adds Entra ID\'s emails[type eq "work"].value to a user without a work email', async () => {
    const current = { schemas: [USER_SCHEMA], id: 'x', userName: 'a', active: true };
    const op = (Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
    await expect(applyPatch('User', current, op([{ op: 'Add', path: 'emails[type eq "work"].value', value: 'n@example.com' }]))).resolves.toEqual(
      expect.objectContaining({ emails: [{ type: 'work', value: 'n@example.com' }] }),
    );
    await expect(applyPatch('User', current, op([{ op: 'Add', value: { 'emails[type eq "work"].value': 'n@example.com' } }]))).resolves.toEqual(
      expect.objectContaining({ emails: [{ type: 'work', value: 'n@example.com' }] }),
    );
  });

  it('keeps a password the schema never returns, and refuses a wrongly typed attribute', () => {
    expect(readUser({ schemas: [USER_SCHEMA], userName: 'a', password: 'secret' }).password).toBe('secret');
    expect(() => readUser({ schemas: [USER_SCHEMA], userName: 5 })).toThrow(ScimError);
  });

  it('clamps paging to 1-based indexes and at most 200 per page', () => {
    expect(paging(undefined, undefined)).toEqual({ offset: 0, limit: 200, startIndex: 1 });
    expect(paging('0', '5000')).toEqual({ offset: 0, limit: 200, startIndex: 1 });
    expect(paging('11', '0')).toEqual({ offset: 10, limit: 0, startIndex: 11 });
  });

  it('refuses a filter that does not parse with invalidFilter', () => {
    expect(parseFilter(undefined)).toEqual([]);
    expect(() => parseFilter('userName xx "a"')).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }));
  });

  it('compares If-Match weakly, in lists and with *', () => {
    expect(ifMatchHolds(undefined, 'W/"a"')).toBe(true);
    expect(ifMatchHolds('"a"', 'W/"a"')).toBe(true);
    expect(ifMatchHolds('W/"b", W/"a"', 'W/"a"')).toBe(true);
    expect(ifMatchHolds('*', 'W/"a"')).toBe(true);
    expect(ifMatchHolds('W/"b"', 'W/"a"')).toBe(false);
  });
});
