import { ESLint } from 'eslint';

/** The ESLint rule that keeps SQL in the stores (eslint.config.mjs), tried on samples. */
describe('no SQL outside store/ (ESLint)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return [...new Set(result.messages.map((m) => `${m.line}:${m.ruleId}`))];
  };
  const service = `
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
export class SampleService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async rename(id: string, name: string, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE rooms SET name = $2 WHERE id = $1', [id, name]);
    await this.dataSource.getRepository('rooms').findOneBy({ id });
    await this.dataSource.manager.save({ id });
  }
}
`;

  it('refuses a service that imports DataSource/EntityManager and queries', async () => {
    expect(await problems('src/conversations/rooms/sample.service.ts', service)).toEqual([
      '2:no-restricted-imports',
      '3:no-restricted-imports',
      '7:no-restricted-syntax',
      '8:no-restricted-syntax',
      '9:no-restricted-syntax',
    ]);
  });

  it('lets a repository in store/ do the same', async () => {
    expect(await problems('src/conversations/rooms/store/sample.repository.ts', service)).toEqual([]);
  });
});
