import { generateSqlSnapshot, readSqlSnapshot, SNAPSHOT_DIR, sqlEntries } from './sql-snapshot';

describe('the SQL statement snapshot (docs/queries)', () => {
  const root = process.cwd();
  const generated = generateSqlSnapshot(root);

  it('is what the code holds: run `npm run sql:snapshot` and commit docs/queries with the query change', () => {
    const committed = readSqlSnapshot(root);
    expect([...committed.keys()].sort()).toEqual([...generated.files.keys()].sort());
    for (const [file, text] of generated.files) expect({ file, text: committed.get(file) }).toEqual({ file, text });
  });

  it('finds no statement outside a store/ folder or core/database', () => {
    expect(generated.strays).toEqual([]);
  });

  it('covers every store', () => {
    expect([...generated.files.keys()]).toEqual(
      expect.arrayContaining([`${SNAPSHOT_DIR}/conversations/rooms/rooms.repository.sql`, `${SNAPSHOT_DIR}/core/audit/audit.repository.sql`]),
    );
  });

  it('lists statements, the fragments chosen at runtime and TypeORM calls under their owners, as written', () => {
    const source = `
      const ORDER = { new: 'r.id DESC', old: 'r.id ASC' };
      export class ThingsRepository {
        constructor(private readonly things: Repository<Thing>) {}
        page(manager: EntityManager, desc: boolean) {
          return manager.query(\`SELECT id
              FROM things r ORDER BY \${ORDER[desc ? 'new' : 'old']}\`, []);
        }
        byIds(ids: string[]) {
          return this.reads.rows(\`\${THING_COLUMNS} WHERE t.id = ANY($1)\`, [ids]);
        }
        one(id: string) {
          return this.things.findOneBy({ id });
        }
        built() {
          return this.things.createQueryBuilder('t').where('t.id = :id', { id: 1 }).getOne();
        }
        steps(status?: string) {
          const query = this.things.createQueryBuilder('t');
          if (status) query.andWhere('t.status = :status', { status });
          return query.getMany();
        }
        notSql() {
          if (['a', 'b'].find((x) => x === 'c')) throw new Error('Thing not found.');
        }
      }`;
    expect(sqlEntries('src/x/store/things.repository.ts', source)).toEqual([
      { owner: 'ORDER.new', kind: 'fragment', text: 'r.id DESC' },
      { owner: 'ORDER.old', kind: 'fragment', text: 'r.id ASC' },
      { owner: 'ThingsRepository.page', kind: 'statement', text: "SELECT id\nFROM things r ORDER BY ${ORDER[desc ? 'new' : 'old']}" },
      { owner: 'ThingsRepository.byIds', kind: 'statement', text: '${THING_COLUMNS} WHERE t.id = ANY($1)' },
      { owner: 'ThingsRepository.one', kind: 'typeorm', text: 'this.things.findOneBy({ id })' },
      { owner: 'ThingsRepository.built', kind: 'typeorm', text: "this.things.createQueryBuilder('t').where('t.id = :id', { id: 1 }).getOne()" },
      { owner: 'ThingsRepository.steps', kind: 'typeorm', text: "this.things.createQueryBuilder('t')" },
      { owner: 'ThingsRepository.steps', kind: 'typeorm', text: "query.andWhere('t.status = :status', { status })" },
      { owner: 'ThingsRepository.steps', kind: 'typeorm', text: 'query.getMany()' },
    ]);
  });
});
