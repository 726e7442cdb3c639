// A local ESLint rule for the renderer's feature map (src-renderer/README.md): a feature folder
// imports another feature only along an edge the map declares, the map itself must be acyclic,
// and code below the features (shared/, lib/, components/, …) never imports a feature. Without
// it the features had grown imports both ways (calls ↔ softphone, tickets ↔ claims, …), which
// nothing in prose could stop.
import { dirname, relative, resolve, sep } from 'node:path';

function literal(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

export class FeatureMapError extends Error {
  name = 'FeatureMapError';
}

/** Throws FeatureMapError for an edge to an undeclared feature, a self edge or a cycle. */
export function checkFeatureMap(deps) {
  const names = Object.keys(deps);
  for (const [from, tos] of Object.entries(deps)) {
    for (const to of tos) {
      if (to === from) throw new FeatureMapError(`the feature map lets ${from} import itself`);
      if (!names.includes(to)) throw new FeatureMapError(`the feature map names ${to} (from ${from}), which is not a declared feature`);
    }
  }
  // Depth-first search; a node met again while still on the path closes a cycle.
  const state = new Map();
  const path = [];
  const visit = (n) => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'open') throw new FeatureMapError(`the feature map has a cycle: ${[...path.slice(path.indexOf(n)), n].join(' → ')}`);
    state.set(n, 'open');
    path.push(n);
    for (const to of deps[n]) visit(to);
    path.pop();
    state.set(n, 'done');
  };
  for (const n of names) visit(n);
}

const checked = new Set();

export const featuresPlugin = {
  rules: {
    'feature-deps': {
      meta: {
        type: 'problem',
        docs: { description: 'renderer features import each other only along the declared, acyclic map' },
        schema: [
          {
            type: 'object',
            properties: {
              root: { type: 'string' },
              /** The folder whose sub-folders are features. */
              features: { type: 'string' },
              /** Files and folders that compose features (the app shell); everything else is below them. */
              shell: { type: 'array', items: { type: 'string' } },
              /** feature → the features it may import. */
              deps: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
              /** Files below the features that may still import one, each with the reason. */
              exceptions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { file: { type: 'string' }, reason: { type: 'string' } },
                  required: ['file', 'reason'],
                  additionalProperties: false,
                },
              },
            },
            required: ['root', 'features', 'shell', 'deps'],
            additionalProperties: false,
          },
        ],
      },
      create(context) {
        const { root, features, shell, deps, exceptions = [] } = context.options[0];
        const key = JSON.stringify(deps);
        if (!checked.has(key)) {
          checkFeatureMap(deps); // throws: a broken map fails the whole lint run, not one file
          checked.add(key);
        }
        const featuresDir = resolve(root, features);
        const file = resolve(context.filename);
        const inside = (p, dir) => p === dir || p.startsWith(dir + sep);
        /** The feature a path belongs to ('' for the features folder itself), or null outside it. */
        const featureOf = (p) => (inside(p, featuresDir) ? (relative(featuresDir, p).split(sep)[0] ?? '') : null);
        const own = featureOf(file);
        const isShell = shell.some((s) => inside(file, resolve(root, s)));
        const excepted = exceptions.some((e) => resolve(root, e.file) === file);
        const declared = Object.keys(deps);

        function why(spec) {
          if (!spec.startsWith('.') && !spec.startsWith('/')) return null; // packages: layers.js decides
          const target = resolve(dirname(file), spec);
          const to = featureOf(target);
          if (to === null) return null; // shared/, lib/, components/… are open to every feature
          if (to === '' || !declared.includes(to)) return `'${spec}' is not inside a declared feature (${declared.join(', ')})`;
          if (own === null) {
            if (isShell || excepted) return null;
            return `'${spec}': only the app shell (${shell.join(', ')}) imports features; code below them never does`;
          }
          if (own === to) return null;
          if (!declared.includes(own)) return `features/${own} is not in the feature map; declare it and what it may import`;
          if (deps[own].includes(to)) return null;
          return `features/${own} may not import features/${to} ('${spec}'); the map allows ${own} → ${deps[own].length ? deps[own].join(', ') : 'no other feature'}`;
        }

        function check(node, source) {
          const spec = literal(source);
          if (spec === null) return; // layers.js already refuses computed module names
          const problem = why(spec);
          if (problem) context.report({ node, message: problem });
        }

        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
          TSImportType: (node) => check(node, node.argument?.literal ?? node.source ?? node.argument),
          CallExpression(node) {
            const c = node.callee;
            if (c.type === 'Identifier' && c.name === 'require') check(node, node.arguments[0]);
          },
        };
      },
    },
  },
};
