/**
 * The statement snapshot: every SQL statement Parley's stores hold, listed per
 * store file under docs/queries/ (as immich's server/src/queries/ does), so a
 * query change shows in review. `npm run sql:snapshot` writes it;
 * scripts/sql-snapshot.spec.ts (npm run test:unit) fails when the committed
 * files differ from what the code holds.
 *
 * Read from the source, not from a running database, so it needs no server and
 * lists every statement whether or not a test reaches it:
 * - a string or template literal that starts a statement (SELECT, INSERT, WITH, ...)
 *   is listed under its owner (`Class.method`, `function`, `CONST`, `CONST.key`);
 * - SQL chosen at runtime is shown as the template the code writes: each `${...}`
 *   stays as written, and the fragments it may insert (literals holding SQL that
 *   do not start a statement: column lists, ORDER BY variants, clauses) are listed
 *   under their own owners, so every variant's text is in the snapshot;
 * - TypeORM calls (find/save/update, query builders) are listed as the call the code
 *   makes: TypeORM writes their SQL at runtime from the entities' metadata.
 * Migrations (the schema's truth) are left out. A statement outside a store/ folder
 * is reported as a stray (the test fails on any).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const SNAPSHOT_DIR = 'docs/queries';

const STATEMENT = /^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|ROLLBACK|LOCK|SET|VALUES|TRUNCATE)\b/;
/** SQL in a literal that starts no statement: an upper-case keyword or an `alias.column`. */
const FRAGMENT =
  /\b(SELECT|FROM|JOIN|WHERE|AND|OR|NOT|NULL|IS|IN|ON|AS|ASC|DESC|CASE|WHEN|THEN|END|EXISTS|LIMIT|OFFSET|RETURNING|FOR UPDATE)\b|\b[a-z]{1,2}\.[a-z_]+\b/;
/** TypeORM calls that run a statement. */
const ORM_METHODS = new Set([
  'find',
  'findOne',
  'findOneBy',
  'findBy',
  'findAndCount',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'save',
  'insert',
  'update',
  'delete',
  'remove',
  'upsert',
  'increment',
  'decrement',
]);
/** Query-builder terminals: whatever the chain's root, these run the built statement. */
const BUILDER_TERMINALS = new Set([
  'getOne',
  'getMany',
  'getCount',
  'getRawOne',
  'getRawMany',
  'getRawAndEntities',
  'getManyAndCount',
  'getExists',
  'execute',
]);

export interface SqlEntry {
  owner: string;
  kind: 'statement' | 'fragment' | 'typeorm';
  text: string;
}

export interface SqlSnapshot {
  /** docs/queries/<path>.sql -> its content */
  files: Map<string, string>;
  /** Statements found outside any store/ folder, as `file:line`. */
  strays: string[];
}

function walkTs(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkTs(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) out.push(path);
  }
  return out.sort();
}

/** Where statements belong: a feature's store/ (entities aside) and the database's own infrastructure in core/database. */
const isStoreFile = (file: string) => /\/store\//.test(file) || /^src\/core\/database\//.test(file);
const isEntity = (file: string) => /\/store\/entities\//.test(file);
const isMigration = (file: string) => /\/core\/database\/migrations\//.test(file);

/** `  a\n    b` -> `a\n  b`: the common indent of lines after the first is removed. */
function dedent(text: string): string {
  const lines = text
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .split('\n');
  const rest = lines.slice(1).filter((l) => l.trim());
  const indent = Math.min(...rest.map((l) => l.match(/^ */)![0].length));
  const cut = Number.isFinite(indent) ? indent : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(cut).replace(/\s+$/, ''))].join('\n');
}

function literalText(
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression,
  source: ts.SourceFile,
): { code: string; words: string } {
  if (ts.isStringLiteral(node)) return { code: node.text, words: node.text };
  if (ts.isNoSubstitutionTemplateLiteral(node)) return { code: node.getText(source).slice(1, -1), words: node.text };
  const words = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return { code: node.getText(source).slice(1, -1), words };
}

function nameOf(name: ts.PropertyName | ts.BindingName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : name.getText();
}

/** `Class.method`, `function`, `CONST`, `CONST.key`, `CONST[2].sql`: where a literal is written. */
function ownerOf(node: ts.Node): string {
  const parts: string[] = [];
  let child = node;
  for (let at = node.parent; at; child = at, at = at.parent) {
    if (ts.isPropertyAssignment(at) && at.initializer === child) parts.unshift(nameOf(at.name));
    else if (ts.isArrayLiteralExpression(at)) {
      const element = child as ts.Expression;
      const label = ts.isObjectLiteralExpression(element) ? labelOf(element) : undefined;
      parts.unshift(`[${label ?? at.elements.indexOf(element)}]`);
    } else if (ts.isVariableDeclaration(at)) {
      // A method's or function's locals are not part of the name; a module constant is.
      if (isTopLevel(at)) {
        parts.unshift(nameOf(at.name));
        break;
      }
      parts.length = 0;
    } else if (ts.isFunctionDeclaration(at) && at.name) {
      parts.unshift(at.name.text);
      break;
    } else if ((ts.isMethodDeclaration(at) || ts.isGetAccessorDeclaration(at) || ts.isPropertyDeclaration(at)) && ts.isClassDeclaration(at.parent)) {
      parts.unshift(`${at.parent.name?.text ?? 'class'}.${nameOf(at.name)}`);
      break;
    }
  }
  return parts.join('.').replace(/\.\[/g, '[') || '(module)';
}

/** An array element's label: its `name` property when a string (export sections). */
function labelOf(object: ts.ObjectLiteralExpression): string | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && nameOf(p.name) === 'name' && ts.isStringLiteral(p.initializer)) return p.initializer.text;
  }
  return undefined;
}

function isTopLevel(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableStatement(declaration.parent.parent) && ts.isSourceFile(declaration.parent.parent.parent);
}

/** The method name a call ends with (`a.b.findOneBy(...)` -> findOneBy). */
function calledName(call: ts.CallExpression): string | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
}

/** The calls of a chain `a.b(...).c(...)`, outermost first. */
function chainCalls(top: ts.CallExpression): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  for (let at: ts.Expression = top; ;) {
    if (ts.isCallExpression(at)) {
      calls.push(at);
      at = at.expression;
    } else if (ts.isPropertyAccessExpression(at)) at = at.expression;
    else return calls;
  }
}

/** The outermost call of a chain `a.b(...).c(...)`: the node the chain ends at. */
function chainTop(call: ts.CallExpression): ts.CallExpression {
  let top = call;
  for (;;) {
    const parent = top.parent;
    if (
      parent &&
      ts.isPropertyAccessExpression(parent) &&
      parent.parent &&
      ts.isCallExpression(parent.parent) &&
      parent.parent.expression === parent
    ) {
      top = parent.parent;
    } else return top;
  }
}

/**
 * Whether the chain runs a TypeORM statement: it ends in a query-builder terminal, or an
 * ORM method called on a repository or entity manager (`getRepository(...)`, a `manager`,
 * `this.<x>` typed `Repository<...>`, a local made from either).
 */
function isOrmCall(call: ts.CallExpression, repositoryProps: Set<string>, ormLocals: Set<string>): boolean {
  const name = calledName(call);
  if (!name) return false;
  if (BUILDER_TERMINALS.has(name) || name === 'createQueryBuilder') return true;
  const receiver = (call.expression as ts.PropertyAccessExpression).expression;
  if (ts.isIdentifier(receiver) && ormLocals.has(receiver.text)) return true; // a builder made step by step
  if (!ORM_METHODS.has(name)) return false;
  const text = receiver.getText();
  if (/getRepository\(|createQueryBuilder\(/.test(text)) return true;
  if (/(^|\.)(manager|entityManager)$/.test(text)) return true;
  if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword && repositoryProps.has(receiver.name.text)) {
    return true;
  }
  return false;
}

/** The statement argument of a query call: `x.query(sql)`, `x.rows(sql)`, `queryRows(m, sql)`, `new Cursor(sql)`. */
function isQueryArgument(node: ts.Node): boolean {
  const call = node.parent;
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return false;
  const index = call.arguments?.indexOf(node as ts.Expression) ?? -1;
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return (index === 0 && (name === 'query' || name === 'rows' || name === 'Cursor')) || (index === 1 && name === 'queryRows');
}

/** Properties of the file's classes typed `Repository<...>` (constructor parameters and getters). */
function repositoryProperties(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if ((ts.isParameter(node) || ts.isPropertyDeclaration(node)) && node.type && /^Repository</.test(node.type.getText(source)))
      names.add(nameOf(node.name));
    if (
      ts.isGetAccessorDeclaration(node) &&
      ((node.type && /^Repository</.test(node.type.getText(source))) || /getRepository\(/.test(node.body?.getText(source) ?? ''))
    ) {
      names.add(nameOf(node.name));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Locals holding a repository or query builder (`const repo = manager.getRepository(X)`). */
function ormLocals(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    const init = node.parent && ts.isVariableDeclaration(node) ? node.initializer : undefined;
    // A repository or a builder still being made, not the rows an awaited call answered.
    const runs = init && ts.isCallExpression(init) && [...BUILDER_TERMINALS, ...ORM_METHODS].includes(calledName(init) ?? '');
    if (init && !ts.isAwaitExpression(init) && !runs && /getRepository\(|createQueryBuilder\(/.test(init.getText(source))) {
      names.add(nameOf((node as ts.VariableDeclaration).name));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The statements, fragments and TypeORM calls of one file, in source order. */
export function sqlEntries(file: string, text: string): SqlEntry[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const repositoryProps = repositoryProperties(source);
  const locals = ormLocals(source);
  const entries: SqlEntry[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    // A chain with a TypeORM call anywhere in it is listed whole, from its outermost call.
    if (ts.isCallExpression(node) && chainTop(node) === node && chainCalls(node).some((call) => isOrmCall(call, repositoryProps, locals))) {
      entries.push({ owner: ownerOf(node), kind: 'typeorm', text: dedent(node.getText(source)) });
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const { code, words } = literalText(node, source);
      if (STATEMENT.test(code) || STATEMENT.test(words) || isQueryArgument(node)) {
        entries.push({ owner: ownerOf(node), kind: 'statement', text: dedent(code) });
        return;
      }
      if (FRAGMENT.test(words) && !isPropertyKeyLike(node)) {
        entries.push({ owner: ownerOf(node), kind: 'fragment', text: dedent(code) });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return entries;
}

/** Literals that name things rather than hold SQL: element access keys, import paths, decorator arguments. */
function isPropertyKeyLike(node: ts.Node): boolean {
  const parent = node.parent;
  return !!parent && (ts.isElementAccessExpression(parent) || ts.isDecorator(parent.parent ?? parent) || ts.isLiteralTypeNode(parent));
}

function render(file: string, entries: SqlEntry[]): string {
  const seen = new Map<string, number>();
  const blocks = entries.map((entry) => {
    const n = (seen.get(entry.owner) ?? 0) + 1;
    seen.set(entry.owner, n);
    const label = entry.kind === 'statement' ? '' : ` (${entry.kind})`;
    const text = entry.kind === 'statement' ? `${entry.text.replace(/;\s*$/, '')};` : entry.text.replace(/^/gm, '--   ').replace(/^-- {3}$/gm, '--');
    return `-- ${entry.owner}${n > 1 ? ` #${n}` : ''}${label}\n${text}\n`;
  });
  return [
    `-- NOTE: generated by \`npm run sql:snapshot\` from ${file}; do not edit by hand.`,
    '-- ${...} marks SQL the code chooses at runtime, written as in the code; the fragments it can insert are listed',
    '-- as comments under their names. TypeORM calls are listed as the code makes them: TypeORM writes their SQL.',
    '',
    blocks.join('\n'),
  ].join('\n');
}

/** The snapshot of every store file under `root`/src, and the statements found outside the stores. */
export function generateSqlSnapshot(root: string): SqlSnapshot {
  const files = new Map<string, string>();
  const strays: string[] = [];
  for (const path of walkTs(join(root, 'src'))) {
    const file = relative(root, path);
    if (isMigration(file) || isEntity(file)) continue;
    const text = readFileSync(path, 'utf8');
    const entries = sqlEntries(file, text);
    if (!isStoreFile(file)) {
      for (const entry of entries.filter((e) => e.kind !== 'fragment')) strays.push(`${file} ${entry.owner}: ${entry.text.split('\n')[0]}`);
      continue;
    }
    if (entries.length === 0) continue;
    const target = join(
      SNAPSHOT_DIR,
      file
        .replace(/^src\//, '')
        .replace(/\/store\//, '/')
        .replace(/\.ts$/, '.sql'),
    );
    files.set(target, render(file, entries));
  }
  return { files, strays };
}

/** Rewrites docs/queries/ from the code. */
export function writeSqlSnapshot(root: string): SqlSnapshot {
  const snapshot = generateSqlSnapshot(root);
  rmSync(join(root, SNAPSHOT_DIR), { recursive: true, force: true });
  for (const [file, content] of snapshot.files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), content);
  }
  return snapshot;
}

/** The committed snapshot, as generateSqlSnapshot answers it. */
export function readSqlSnapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(join(root, SNAPSHOT_DIR))) return files;
  for (const path of walkAll(join(root, SNAPSHOT_DIR))) files.set(relative(root, path), readFileSync(path, 'utf8'));
  return files;
}

function walkAll(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkAll(path, out);
    else if (entry.name.endsWith('.sql')) out.push(path);
  }
  return out.sort();
}

if (process.argv[1]?.endsWith('sql-snapshot.ts')) {
  const { files, strays } = writeSqlSnapshot(process.cwd());
  console.log(`Wrote ${files.size} files under ${SNAPSHOT_DIR}/.`);
  if (strays.length) {
    console.error(`Statements outside a store/ folder (move them into a repository):\n${strays.join('\n')}`);
    process.exitCode = 1;
  }
}
