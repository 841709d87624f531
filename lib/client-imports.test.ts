import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CLIENT_NAMESPACES, clientMessages } from '@/lib/i18n/client-namespaces';

// What the browser bundles: every module a 'use client' file reaches through value imports. A 'use server' module is
// only a reference there (its code stays on the server), so the walk stops at it. Type-only imports are erased.
const root = process.cwd();
const SOURCE_DIRS = ['app', 'components', 'lib', 'i18n'];
const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.json'];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    parsed.set(file, source);
  }
  return source;
}

function directive(file: string): string | undefined {
  const first = parse(file).statements[0];
  return first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.expression.text : undefined;
}

/** The specifiers whose code is loaded at run time: static imports and re-exports that are not type-only, and import(). */
function valueImports(source: ts.SourceFile): string[] {
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      // `import { type A, type B } from` is erased like `import type` (no verbatimModuleSyntax here).
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) found.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.exportClause;
      const onlyTypes =
        statement.isTypeOnly || (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) found.push(statement.moduleSpecifier.text);
    }
  }
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveFile(base: string): string | undefined {
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** A project file, or the package name for a bare specifier. */
function resolve(specifier: string, from: string): { file: string } | { pkg: string } {
  if (specifier.startsWith('@/') || specifier.startsWith('.')) {
    const base = specifier.startsWith('@/') ? path.join(root, specifier.slice(2)) : path.resolve(path.dirname(from), specifier);
    const file = resolveFile(base);
    if (!file) throw new Error(`cannot resolve ${specifier} from ${path.relative(root, from)}`);
    return { file };
  }
  const parts = specifier.split('/');
  return { pkg: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

const allFiles = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(root, d)));
const clientFiles = allFiles.filter((f) => directive(f) === 'use client');

/** Every project module reachable from `starts` through value imports, stopping at 'use server' modules if asked. */
function reachable(starts: string[], stopAtServer: boolean): string[] {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file.endsWith('.json') || (stopAtServer && !starts.includes(file) && directive(file) === 'use server')) continue;
    for (const specifier of valueImports(parse(file))) {
      const target = resolve(specifier, file);
      if ('file' in target && !seen.has(target.file)) {
        seen.add(target.file);
        queue.push(target.file);
      }
    }
  }
  return [...seen].filter((f) => /\.tsx?$/.test(f) && !(stopAtServer && directive(f) === 'use server'));
}

/** Breadth-first from each client file; for each forbidden package reached, the shortest chain that reaches it. */
function chainsTo(forbidden: Set<string>): string[] {
  const chains = new Set<string>();
  for (const start of clientFiles) {
    const previous = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (file.endsWith('.json') || (file !== start && directive(file) === 'use server')) continue;
      for (const specifier of valueImports(parse(file))) {
        const target = resolve(specifier, file);
        if ('pkg' in target) {
          if (!forbidden.has(target.pkg)) continue;
          const chain = [target.pkg];
          for (let at: string | null = file; at; at = previous.get(at) ?? null) chain.unshift(path.relative(root, at));
          chains.add(chain.join(' -> '));
        } else if (!previous.has(target.file)) {
          previous.set(target.file, file);
          queue.push(target.file);
        }
      }
    }
  }
  return [...chains].sort();
}

describe('what client components bring into the browser', () => {
  it('finds the client components', () => {
    expect(clientFiles.length).toBeGreaterThan(50);
    expect(clientFiles.map((f) => path.relative(root, f))).toContain('components/ui/action-form.tsx');
  });

  it('no client module reaches zod (schemas stay on the server; constants live in zod-free modules)', () => {
    expect(chainsTo(new Set(['zod']))).toEqual([]);
  });

  it('no client module reaches the database or a server-only module', () => {
    expect(chainsTo(new Set(['drizzle-orm', 'postgres', 'server-only']))).toEqual([]);
  });
});

// The catalogue as the browser gets it: only the namespaces client code can ask for (lib/i18n/client-namespaces.ts).
type Catalogue = { [key: string]: string | Catalogue };
const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'messages/en.json'), 'utf8')) as Catalogue;
const keyPaths = (obj: Catalogue, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) => [`${prefix}${k}`, ...(typeof v === 'object' ? keyPaths(v, `${prefix}${k}.`) : [])]);
const allKeys = keyPaths(catalogue);
const knownKeys = new Set(allKeys);

/** The namespace of a catalogue key written in full ('errors.invalid') or as a template's fixed head (`errors.amount.${code}`). */
function namespaceOfKey(text: string, isPrefix: boolean): string | undefined {
  const ns = text.split('.')[0]!;
  if (!text.includes('.') || !Object.hasOwn(catalogue, ns)) return undefined;
  const known = isPrefix ? allKeys.some((k) => k.startsWith(text)) : knownKeys.has(text);
  return known ? ns : undefined;
}

/** Namespaces named by catalogue keys written anywhere in a module (strings and template heads). */
function keyNamespaces(source: ts.SourceFile): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node) => {
    let ns: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ns = namespaceOfKey(node.text, false);
    else if (ts.isTemplateExpression(node) && node.head.text) ns = namespaceOfKey(node.head.text, true);
    if (ns) found.add(ns);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** useTranslations('ns') / useTranslations('ns.sub') in a module: the top-level namespaces, and any call it cannot read. */
function translatorNamespaces(source: ts.SourceFile): { namespaces: Set<string>; unreadable: string[] } {
  const namespaces = new Set<string>();
  const unreadable: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'useTranslations') {
      const [arg] = node.arguments;
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) namespaces.add(arg.text.split('.')[0]!);
      else if (arg) unreadable.push(`${path.relative(root, source.fileName)}: useTranslations(${arg.getText(source)})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { namespaces, unreadable };
}

describe('the messages the browser gets', () => {
  // Everything bundled for the browser: client components and the modules they import.
  const clientGraph = reachable(clientFiles, true);
  // What reaches a client translator from the server: the messages and field errors of server actions (ActionForm,
  // the announcer, the step-up prompt) and of the route handlers the uploads call. Every key written in those modules
  // or anything they import counts, whether or not it ends up in a result: more than needed, never less.
  const serverStarts = allFiles.filter((f) => directive(f) === 'use server' || (/^app\/api\/.*\/route\.ts$/.test(path.relative(root, f))));
  const serverGraph = reachable(serverStarts, false);

  const needed = new Map<string, string>();
  const note = (namespaces: Iterable<string>, file: string) => {
    for (const ns of namespaces) if (!needed.has(ns)) needed.set(ns, path.relative(root, file));
  };
  const unreadable: string[] = [];
  for (const file of clientGraph) {
    const source = parse(file);
    const translators = translatorNamespaces(source);
    note(translators.namespaces, file);
    unreadable.push(...translators.unreadable);
    // A root translator (useTranslations()) or a helper handed one reads full keys: those written in the module.
    note(keyNamespaces(source), file);
  }
  for (const file of serverGraph) note(keyNamespaces(parse(file)), file);

  it('walks the client modules, the server actions and what they import', () => {
    expect(clientGraph.map((f) => path.relative(root, f))).toContain('components/ui/action-form.tsx');
    expect(serverStarts.length).toBeGreaterThan(15);
    expect(needed.get('errors')).toBeDefined();
  });

  it('every useTranslations in client code names its namespace in a literal (so it can be checked)', () => {
    expect(unreadable).toEqual([]);
  });

  it('the layout hands the browser exactly the namespaces client code can ask for', () => {
    const listed = new Set<string>(CLIENT_NAMESPACES);
    const missing = [...needed.entries()].filter(([ns]) => !listed.has(ns)).map(([ns, file]) => `${ns} (needed by ${file})`);
    expect(missing).toEqual([]);
    // A namespace no client code needs any more only weighs down every page.
    expect(CLIENT_NAMESPACES.filter((ns) => !needed.has(ns))).toEqual([]);
  });

  it('the client part of a catalogue is those namespaces, and leaves the server-only ones out', () => {
    const part = clientMessages(catalogue);
    expect(Object.keys(part).sort()).toEqual([...CLIENT_NAMESPACES].sort());
    expect(part.errors).toBe(catalogue.errors);
    expect(Object.keys(catalogue).filter((ns) => !Object.hasOwn(part, ns))).toEqual(expect.arrayContaining(['audit', 'customerMessages']));
  });
});
