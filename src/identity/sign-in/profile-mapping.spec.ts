import { DEFAULT_SAML_ATTRIBUTES, mappingOf, profileFrom } from './profile-mapping';

describe('profile mapping', () => {
  it('reads the mapped claims, the first of a multi-valued attribute, and nothing that is not text', () => {
    const mapping = mappingOf({ email: 'mail' }, DEFAULT_SAML_ATTRIBUTES);
    expect(mapping).toEqual({ username: 'username', display_name: 'displayName', email: 'mail' });
    expect(profileFrom({ username: [' jd ', 'other'], displayName: 42, mail: 'jd@example.com' }, mapping)).toEqual({
      username: 'jd',
      displayName: undefined,
      email: 'jd@example.com',
    });
  });
});
