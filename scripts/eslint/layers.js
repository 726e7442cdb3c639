// A local ESLint rule for the layer rules of ARCHITECTURE.md as ALLOW-lists: a layer names the
// folders and packages it may import, everything else is refused. `no-restricted-imports` can
// only deny what someone thought of in advance (ws, pino, zlib… all slipped through) and cannot
// say "a relative path must stay inside the layer", nor see require() or a dynamic import().
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** 'react-dom/client' → 'react-dom', '@tanstack/react-query/x' → '@tanstack/react-query'. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function packageAllowed(name, allowed) {
  return allowed.some((a) => (a.endsWith('/*') ? name.startsWith(a.slice(0, -1)) : name === a));
}

function literal(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

/**
 * Visits every way a module gets in (import, export-from, import(), import type, require) and
 * reports the ones `why(spec)` refuses, prefixed with `rule`; `computed: false` leaves a name
 * computed at run time to another rule.
 */
function importVisitor(context, why, rule, { computed = true } = {}) {
  function check(node, source) {
    const spec = literal(source);
    if (spec === null && !computed) return;
    const problem = spec === null ? 'a module name computed at run time cannot be checked' : why(spec);
    if (problem) context.report({ node, message: `${rule}: ${problem}` });
  }

  return {
    ImportDeclaration: (node) => check(node, node.source),
    ExportNamedDeclaration: (node) => node.source && check(node, node.source),
    ExportAllDeclaration: (node) => check(node, node.source),
    ImportExpression: (node) => check(node, node.source),
    TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression),
    TSImportType: (node) => check(node, node.argument?.literal ?? node.source ?? node.argument),
    CallExpression(node) {
      const c = node.callee;
      const isRequire =
        (c.type === 'Identifier' && c.name === 'require') ||
        (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'require' && c.property.name === 'resolve') ||
        (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'module' && c.property.name === 'require');
      if (isRequire) check(node, node.arguments[0]);
    },
  };
}

export const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: {
        type: 'problem',
        docs: { description: 'a layer imports only its own folders and the packages it names' },
        schema: [
          {
            type: 'object',
            properties: {
              root: { type: 'string' },
              layer: { type: 'string' },
              dirs: { type: 'array', items: { type: 'string' } },
              packages: { type: 'array', items: { type: 'string' } },
            },
            required: ['root', 'layer', 'dirs', 'packages'],
            additionalProperties: false,
          },
        ],
      },
      create(context) {
        const { root, layer, dirs, packages } = context.options[0];
        const allowedDirs = dirs.map((d) => resolve(root, d));
        const rule = `${layer} may import only ${dirs.join(', ')} and the packages ${packages.join(', ')}`;
        const fileDir = dirname(context.filename);

        function why(spec) {
          if (spec.startsWith('.') || spec.startsWith('/')) {
            const target = resolve(fileDir, spec);
            if (allowedDirs.some((d) => target === d || target.startsWith(d + sep))) return null;
            return `'${spec}' leaves the layer (${relative(root, target) || target})`;
          }
          if (isBuiltin(spec)) return `'${spec}' is a Node built-in`;
          return packageAllowed(packageName(spec), packages) ? null : `'${spec}' is not on the allow-list`;
        }

        return importVisitor(context, why, rule);
      },
    },
    /**
     * Folders a part of a layer must not import although the layer may: the pure domain
     * (src-shared/domain) knows nothing of the wire contract or the mutators, which import it.
     * Only relative paths can reach them (the layer rule already refuses the rest).
     */
    'denied-dirs': {
      meta: {
        type: 'problem',
        docs: { description: 'a folder does not import these folders of its own layer' },
        schema: [
          {
            type: 'object',
            properties: {
              root: { type: 'string' },
              part: { type: 'string' },
              dirs: { type: 'array', items: { type: 'string' } },
              reason: { type: 'string' },
            },
            required: ['root', 'part', 'dirs', 'reason'],
            additionalProperties: false,
          },
        ],
      },
      create(context) {
        const { root, part, dirs, reason } = context.options[0];
        const deniedDirs = dirs.map((d) => resolve(root, d));
        const rule = `${part} does not import ${dirs.join(', ')} (${reason})`;
        const fileDir = dirname(context.filename);

        function why(spec) {
          if (!spec.startsWith('.') && !spec.startsWith('/')) return null;
          const target = resolve(fileDir, spec);
          return deniedDirs.some((d) => target === d || target.startsWith(d + sep)) ? `'${spec}' is ${relative(root, target)}` : null;
        }

        // A module name computed at run time is already refused by the layer's allow-list rule.
        return importVisitor(context, why, rule, { computed: false });
      },
    },
  },
};
