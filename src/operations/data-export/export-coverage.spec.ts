import { exportCoverageProblems, SchemaFacts } from './export-coverage';
import { ExportSection } from './store/export-sections';

const notes: ExportSection = { name: 'notes', covers: ['notes.author_id'], sql: 'SELECT id FROM notes WHERE author_id = $1' };
const facts = (userForeignKeys: string[], extra: string[] = []): SchemaFacts => ({
  userForeignKeys,
  columns: new Set([...userForeignKeys, ...extra]),
});

describe(exportCoverageProblems.name, () => {
  it('accepts a schema whose user foreign keys are each exported or left out', () => {
    const left = [{ column: 'notes.editor_id', reason: "another user's" }];
    expect(exportCoverageProblems(facts(['notes.author_id', 'notes.editor_id']), [notes], left)).toEqual([]);
  });

  it('names a user foreign key that is neither exported nor left out', () => {
    expect(exportCoverageProblems(facts(['notes.author_id', 'drafts.user_id']), [notes], [])).toEqual([
      'drafts.user_id references users but is neither exported (export-sections.ts) nor left out with a reason (export-left-out.ts)',
    ]);
  });

  it('names declarations the schema does not have, double entries and sections that never read their column', () => {
    const stale = { name: 'old', covers: ['gone.user_id'], sql: 'SELECT 1 FROM gone WHERE user_id = $1' };
    const liar = { name: 'liar', covers: ['notes.owner_id'], sql: 'SELECT id FROM notes WHERE author_id = $1' };
    const problems = exportCoverageProblems(
      facts(['notes.author_id'], ['notes.owner_id']),
      [notes, stale, liar],
      [{ column: 'notes.author_id', reason: 'twice' }],
    );
    expect(problems).toEqual([
      'gone.user_id is declared in the export but the schema has no such column',
      'notes.author_id is both exported and left out',
      'section liar claims notes.owner_id but its SQL never reads it',
    ]);
  });
});
