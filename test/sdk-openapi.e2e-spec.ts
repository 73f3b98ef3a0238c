import { readFileSync, writeFileSync } from 'node:fs';
import { OPENAPI_TYPES_FILE, openApiTypes } from './support/openapi-types';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The SDK's REST types are generated from the served document and checked in;
 * this spec regenerates them in memory and fails when the file drifts.
 * `npm run sdk:generate` runs this same spec with PARLEY_SDK_WRITE=1 to rewrite the file.
 */
describe('SDK OpenAPI types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: '' }); // single node: generating the types blocks the loop for seconds, which this spec need not mix with Redis
  });
  afterAll(() => t.close());

  it('match the served OpenAPI document (run `npm run sdk:generate` after changing the API)', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body;
    const expected = await openApiTypes(document);
    if (process.env.PARLEY_SDK_WRITE === '1') writeFileSync(OPENAPI_TYPES_FILE, expected);
    const checkedIn = readFileSync(OPENAPI_TYPES_FILE, 'utf8');
    expect(checkedIn === expected ? 'in sync' : 'stale: run `npm run sdk:generate`').toBe('in sync');
  });
});
