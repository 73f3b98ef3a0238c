import SCIMMY from 'scimmy';
import { FilterGroups, filterSql, InvalidFilter } from './scim-filter-sql';
import { USER_FILTER_COLUMNS, GROUP_FILTER_COLUMNS } from './scim.repository';

const sql = (filter: string, columns = USER_FILTER_COLUMNS) => {
  const params: unknown[] = [];
  const where = filterSql(new SCIMMY.Types.Filter(filter) as unknown as FilterGroups, columns, params);
  return { where, params };
};

describe(filterSql.name, () => {
  it('turns userName eq into an indexed, case-insensitive comparison with a parameter', () => {
    expect(sql('userName eq "Jane@Example.com"')).toEqual({ where: '((lower(s.user_name) = $1))', params: ['jane@example.com'] });
  });

  it('keeps externalId case-exact', () => {
    expect(sql('externalId eq "AbC"')).toEqual({ where: '((s.external_id = $1))', params: ['AbC'] });
  });

  it('escapes LIKE wildcards in co, sw and ew', () => {
    expect(sql('userName co "50%_x"').params).toEqual(['%50\\%\\_x%']);
    expect(sql('userName sw "a"').params).toEqual(['a%']);
    expect(sql('displayName ew "z"').params).toEqual(['%z']);
  });

  it('joins and/or as SQL (OR of AND groups) with numbered parameters', () => {
    const { where, params } = sql('userName sw "a" and (name.givenName eq "B" or name.familyName pr)');
    expect(where).toBe(
      "((lower(s.user_name) LIKE $1 AND lower(u.first_name) = $2) OR (lower(s.user_name) LIKE $3 AND coalesce(u.last_name, '') <> ''))",
    );
    expect(params).toEqual(['a%', 'b', 'a%']);
  });

  it('reads booleans, also as the strings Entra ID sends', () => {
    expect(sql('active eq false').params).toEqual([false]);
    expect(sql('active eq "True"').params).toEqual([true]);
  });

  it('answers no row for an id that is no UUID, without a cast error', () => {
    expect(sql('id eq "nope"').where).toBe('((FALSE))');
  });

  it('looks for a group member with EXISTS over room_members', () => {
    const { where } = sql('members.value eq "0190a0b0-0000-7000-8000-000000000000"', GROUP_FILTER_COLUMNS);
    expect(where).toBe('((EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = g.room_id AND m.user_id = $1::uuid)))');
  });

  it('refuses an attribute it cannot search, and an operator a type does not have', () => {
    expect(() => sql('title eq "x"')).toThrow(InvalidFilter);
    expect(() => sql('active gt true')).toThrow(InvalidFilter);
    expect(() => sql('meta.created gt "not a date"')).toThrow(InvalidFilter);
  });
});
