import { isInstitutionAdmin, roomRoleOf } from './lti-roles';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership';

describe('LTI roles', () => {
  it.each([
    [[`${MEMBERSHIP}#Instructor`], 'admin'],
    [[`${MEMBERSHIP}/Instructor#TeachingAssistant`], 'admin'],
    [['TeachingAssistant'], 'admin'],
    [['Instructor'], 'admin'],
    [[`${MEMBERSHIP}#Learner`], 'member'],
    [['Learner'], 'member'],
    [['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator', `${MEMBERSHIP}#Learner`], 'member'],
    [[], 'member'],
  ])('maps %j to the room role %s', (roles, role) => {
    expect(roomRoleOf(roles)).toBe(role);
  });

  it('makes the institution Administrator an organization admin, and nobody else', () => {
    expect(isInstitutionAdmin(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'])).toBe(true);
    expect(isInstitutionAdmin([`${MEMBERSHIP}#Administrator`, `${MEMBERSHIP}#Instructor`])).toBe(false);
  });
});
