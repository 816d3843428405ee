// The floors of src/ as lint rules. The table in docs/architecture.md (between the
// floors:start and floors:end markers) is the one list: which folders make a floor, which
// floors it may import, and where it runs. Two rules come from it:
//   floors/imports   an import that runs up a floor, into another feature, or to an API
//                    its floor cannot have (vscode outside the extension host, node: in a webview)
//   floors/no-cycle  a file that imports itself through other files (type imports count:
//                    they tie the modules together for a reader as much as for tsc)
import fs from 'node:fs';
import path from 'node:path';

/** Reads the floors table: [{ name, patterns, mayImport, runsIn }] in the table's order. */
export function readFloors(markdownFile) {
  const text = fs.readFileSync(markdownFile, 'utf8');
  const start = text.indexOf('<!-- floors:start -->');
  const end = text.indexOf('<!-- floors:end -->');
  if (start < 0 || end < start) {
    throw new Error(`${markdownFile}: no floors table between <!-- floors:start --> and <!-- floors:end -->`);
  }
  const rows = text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const floors = rows.map(([name, folders, mayImport, runsIn]) => ({
    name,
    patterns: [...folders.matchAll(/`([^`]+)`/g)].map((m) => ({ text: m[1], regex: patternRegex(m[1]) })),
    mayImport: mayImport === '—' ? [] : mayImport.split(',').map((floor) => floor.trim()),
    runsIn,
  }));
  const names = new Set(floors.map((floor) => floor.name));
  for (const floor of floors) {
    for (const other of floor.mayImport) {
      if (!names.has(other)) {
        throw new Error(`${markdownFile}: floor "${floor.name}" may import "${other}", which is not a floor`);
      }
    }
    if (!['extension host', 'node', 'browser'].includes(floor.runsIn)) {
      throw new Error(`${markdownFile}: floor "${floor.name}" runs in "${floor.runsIn}": say extension host, node or browser`);
    }
  }
  return floors;
}

/** A folder pattern of the table as a regex: `*` is one folder name (captured), the rest literal; matches the folder and what is below it. */
function patternRegex(pattern) {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '([^/]+)')}(?:/|$)`);
}

/** The floor of a repository-relative path, by its most specific pattern, with what `*` matched (a feature's name). */
export function floorOf(floors, file) {
  let best;
  for (const floor of floors) {
    for (const pattern of floor.patterns) {
      const match = pattern.regex.exec(file);
      if (match && (!best || pattern.text.length > best.pattern.length)) {
        best = { floor, pattern: pattern.text, captures: match.slice(1) };
      }
    }
  }
  return best;
}

const SOURCE_SUFFIXES = ['.ts', '.d.ts', '/index.ts', ''];

/** The file a relative import names, repository-relative. */
function resolveImport(root, fromFile, specifier) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  return SOURCE_SUFFIXES.map((suffix) => base + suffix).find((candidate) => fs.existsSync(path.join(root, candidate))) ?? base;
}

function relativeName(root, filename) {
  return path.relative(root, filename).split(path.sep).join('/');
}

/** Every module specifier in a file's text: imports, type imports, re-exports, require() and import(). */
function specifiersIn(text) {
  const found = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm)) {
    found.push(m[2]);
  }
  return found;
}

function sourceFiles(root, dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      out.push(...sourceFiles(root, rel));
    } else if (entry.name.endsWith('.ts')) {
      out.push(rel);
    }
  }
  return out;
}

/** Tarjan's strongly connected components of src/'s import graph: each circle, as the files in it. */
export function importCircles(root) {
  const graph = new Map();
  for (const file of sourceFiles(root, 'src')) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    graph.set(
      file,
      specifiersIn(text)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolveImport(root, file, s)),
    );
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const circles = [];
  let counter = 0;
  const visit = (file) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) {
        continue;
      }
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file), index.get(next)));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) {
        circles.push(component.sort());
      }
    }
  };
  for (const file of graph.keys()) {
    if (!index.has(file)) {
      visit(file);
    }
  }
  return circles;
}

/** The ESLint plugin: `floors/imports` and `floors/no-cycle`, for the repository at `root`. */
export function floorsPlugin(root, floors) {
  let circles;
  const importsRule = {
    meta: { type: 'problem', schema: [], docs: { description: 'imports point down the floors of docs/architecture.md' } },
    create(context) {
      const file = relativeName(root, context.filename);
      const from = floorOf(floors, file);
      if (!from) {
        return {};
      }
      const check = (node, specifier) => {
        if (typeof specifier !== 'string') {
          return;
        }
        if (specifier === 'vscode' && from.floor.runsIn !== 'extension host') {
          context.report({ node, message: `${from.floor.name} runs in ${from.floor.runsIn}: no vscode API here (docs/architecture.md)` });
          return;
        }
        if (from.floor.runsIn === 'browser' && (specifier.startsWith('node:') || ['fs', 'path', 'crypto'].includes(specifier))) {
          context.report({ node, message: `${from.floor.name} runs in the browser: no Node built-ins (docs/architecture.md)` });
          return;
        }
        if (!specifier.startsWith('.')) {
          return;
        }
        const target = resolveImport(root, file, specifier);
        const to = floorOf(floors, target);
        if (!to) {
          return;
        }
        const sameFeature = to.captures.length === 0 || from.captures.length === 0 || to.captures[0] === from.captures[0];
        if (!sameFeature) {
          context.report({
            node,
            message: `${file} may not import another feature's code (${target}): move what both need down a floor, or wire it in src/extension`,
          });
          return;
        }
        if (to.floor !== from.floor && !from.floor.mayImport.includes(to.floor.name)) {
          context.report({
            node,
            message: `${from.floor.name} may not import ${to.floor.name} (${target}); it may import: ${from.floor.mayImport.join(', ') || 'nothing'} (docs/architecture.md)`,
          });
        }
      };
      return {
        ImportDeclaration: (node) => check(node.source, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
        ExportAllDeclaration: (node) => check(node.source, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        TSImportEqualsDeclaration: (node) =>
          node.moduleReference.type === 'TSExternalModuleReference' &&
          check(node.moduleReference.expression, node.moduleReference.expression.value),
      };
    },
  };
  const noCycleRule = {
    meta: { type: 'problem', schema: [], docs: { description: 'no file imports itself through others' } },
    create(context) {
      const file = relativeName(root, context.filename);
      return {
        Program(node) {
          circles ??= importCircles(root);
          const circle = circles.find((members) => members.includes(file));
          if (circle) {
            context.report({ node, loc: { line: 1, column: 0 }, message: `imports in a circle: ${circle.join(' ↔ ')}` });
          }
        },
      };
    },
  };
  return { rules: { imports: importsRule, 'no-cycle': noCycleRule } };
}
