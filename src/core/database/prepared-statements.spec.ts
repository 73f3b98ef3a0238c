import { GENERIC_PLAN_CONNECTIONS, genericPlanPoolConfig } from './prepared-statements';

describe(genericPlanPoolConfig.name, () => {
  it('keeps the server and credentials, sizes the pool and forces generic plans', () => {
    const config = genericPlanPoolConfig({ connectionString: 'postgres://app:secret@db:5432/parley', max: 20, min: 20, keepAlive: true });
    expect(config).toMatchObject({
      max: GENERIC_PLAN_CONNECTIONS,
      min: GENERIC_PLAN_CONNECTIONS,
      keepAlive: true,
      options: '-c plan_cache_mode=force_generic_plan',
    });
    expect(new URL(config.connectionString!)).toMatchObject({ username: 'app', password: 'secret', host: 'db:5432', pathname: '/parley' });
  });

  it("keeps options given in the URL, which pg would otherwise let win over the config's", () => {
    const config = genericPlanPoolConfig({ connectionString: 'postgres://db/parley?options=-c%20search_path%3Dchat&sslmode=disable' });
    expect(config.options).toBe('-c search_path=chat -c plan_cache_mode=force_generic_plan');
    expect(new URL(config.connectionString!).searchParams.has('options')).toBe(false);
    expect(new URL(config.connectionString!).searchParams.get('sslmode')).toBe('disable');
  });
});
