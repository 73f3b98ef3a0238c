import { jest } from '@jest/globals';
import type { AuditLog } from '../../core/audit/audit-log';
import type { AuthUser } from '../../core/auth/auth-user';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';
import type { ContentPolicy } from './content-policy';
import { ContentRulesService } from './content-rules.service';
import type { ContentRulesRepository } from './store/content-rules.repository';

describe(ContentRulesService.name, () => {
  const admin: AuthUser = { id: 'a', username: 'admin', displayName: 'Admin', role: 'admin', userType: 'consumer', sessionId: 's' };
  const list = jest.fn(async (_roomId: string | null) => [] as unknown[]);
  const service = new ContentRulesService({ list } as unknown as ContentRulesRepository, {} as ContentPolicy, {} as AuditLog);

  beforeEach(() => list.mockClear());

  it('lists the rules in the caller’s organization, where row-level security shows only its rows', async () => {
    await expect(OrganizationScope.run(DEFAULT_ORGANIZATION_ID, () => service.list(admin, null))).resolves.toEqual({ results: [] });
    expect(list).toHaveBeenCalledWith(null);
  });

  it('refuses to run in system scope, where every organization’s rules are visible', async () => {
    await expect(OrganizationScope.runAsSystem(() => service.list(admin, null))).rejects.toThrow(/organization scope/);
    await expect(
      OrganizationScope.runAsSystem(() => service.create(admin, null, { kind: 'words', action: 'block', words: ['x'] } as never)),
    ).rejects.toThrow(/organization scope/);
    expect(list).not.toHaveBeenCalled();
  });
});
