/**
 * Design tokens stay the only source of colours, spacing steps, radii, font sizes and shadows:
 * src-renderer/styles/tokens.css declares them, every other stylesheet uses them through var().
 * A lint over the real stylesheets, plus the checker run on small samples so it is known to bite.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const RENDERER = join(ROOT, 'src-renderer');
const TOKENS = join(RENDERER, 'styles/tokens.css');

/** CSS named colours (CSS Color 4) and system colours; transparent/currentColor/inherit are fine. */
const NAMED = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood ' +
    'cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray ' +
    'darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen ' +
    'darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue ' +
    'firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew ' +
    'hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
    'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
    'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue ' +
    'mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred ' +
    'midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid ' +
    'palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple ' +
    'rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
    'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white ' +
    'whitesmoke yellow yellowgreen ' +
    'accentcolor accentcolortext activetext buttonborder buttonface buttontext canvas canvastext graytext highlight ' +
    'highlighttext linktext selecteditem selecteditemtext visitedtext'
  ).split(' '),
);

type Declaration = { readonly prop: string; readonly value: string; readonly line: number };

/**
 * The declarations of a stylesheet (innermost `{…}` blocks, so @media and @keyframes bodies are
 * included and selectors such as `#root` are not), with comments, strings and url() blanked out
 * (kept the same length so line numbers stay right).
 */
function declarations(css: string): Declaration[] {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  const text = css
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/'[^'\n]*'|"[^"\n]*"/g, blank)
    .replace(/url\([^)]*\)/gi, blank);
  const out: Declaration[] = [];
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    let offset = (m.index ?? 0) + 1;
    for (const part of (m[1] ?? '').split(';')) {
      const d = /^\s*(-{0,2}[a-zA-Z][-\w]*)\s*:\s*([\s\S]*?)\s*$/.exec(part);
      const lead = /^\s*/.exec(part)?.[0] ?? '';
      if (d) out.push({ prop: d[1]!.toLowerCase(), value: d[2]!, line: text.slice(0, offset + lead.length).split('\n').length });
      offset += part.length + 1;
    }
  }
  return out;
}

/** Colour literals in a value: hex, colour functions, named and system colours. */
function colourLiterals(value: string): string[] {
  const found = [...value.matchAll(/#[0-9a-fA-F]{3,8}\b/g)].map((m) => m[0]);
  found.push(...[...value.matchAll(/(?<![-\w])(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/gi)].map((m) => `${m[1]}()`));
  for (const m of value.matchAll(/(?<![-\w#])[a-zA-Z]+(?![-\w(])/g)) if (NAMED.has(m[0].toLowerCase())) found.push(m[0]);
  return found;
}

const SPACING = /^(padding|margin|gap|row-gap|column-gap|inset)(-[a-z]+)*$/;

/** What a stylesheet other than tokens.css writes by hand that must be a token. */
function violations(css: string): string[] {
  const out: string[] = [];
  for (const d of declarations(css)) {
    const at = `line ${d.line}: ${d.prop}: ${d.value}`;
    if (d.prop.startsWith('--')) {
      out.push(`${at} (custom properties are declared in tokens.css)`);
      continue;
    }
    for (const c of colourLiterals(d.value)) out.push(`${at} (colour ${c}: use a --color-* token)`);
    if (SPACING.test(d.prop)) {
      for (const m of d.value.matchAll(/(?<![\w.])(\d+)px\b/g)) {
        const px = Number(m[1]);
        if (px % 2 === 0 && px >= 2 && px <= 28) out.push(`${at} (${px}px: use var(--space-${px / 2}))`);
      }
    }
    if ((d.prop === 'font-size' || d.prop === 'font') && /\d(px|pt|rem)\b/.test(d.value)) out.push(`${at} (use a --font-size-* token)`);
    if (/^border(-[a-z]+)*-radius$/.test(d.prop) && /\d(px|%)/.test(d.value)) out.push(`${at} (use a --radius-* token)`);
    if (d.prop === 'box-shadow' && !/^(none|var\(--shadow-[-\w]+\)(\s*,\s*var\(--shadow-[-\w]+\))*)$/.test(d.value)) out.push(`${at} (use a --shadow-* token)`);
  }
  return out;
}

const usedVars = (css: string) => [...declarations(css).flatMap((d) => [...d.value.matchAll(/var\(\s*(--[-\w]+)/g)].map((m) => m[1]!))];

function stylesheets(): string[] {
  return (readdirSync(RENDERER, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.css'))
    .map((f) => join(RENDERER, f))
    .sort();
}

describe('the checker itself', () => {
  it('finds hand-written colours, spacing, sizes, radii and shadows', () => {
    const css = [
      '#root { color: #1B2330; }',
      '.a { background: rgb(1 2 3); border: 1px solid hsl(0 0% 50%); }',
      '.b { color: Red; outline-color: canvastext; }',
      '@media (prefers-reduced-motion: reduce) { .c { background: rgba(0, 0, 0, 0.1); } }',
      '@keyframes k { 50% { box-shadow: 0 0 0 5px var(--color-accent); } }',
      '.d { padding: 6px 3px; margin: 0 -4px; font-size: 13px; border-radius: 50%; --local: 1px; }',
    ].join('\n');
    const v = violations(css);
    expect(v).toEqual([
      'line 1: color: #1B2330 (colour #1B2330: use a --color-* token)',
      'line 2: background: rgb(1 2 3) (colour rgb(): use a --color-* token)',
      'line 2: border: 1px solid hsl(0 0% 50%) (colour hsl(): use a --color-* token)',
      'line 3: color: Red (colour Red: use a --color-* token)',
      'line 3: outline-color: canvastext (colour canvastext: use a --color-* token)',
      'line 4: background: rgba(0, 0, 0, 0.1) (colour rgba(): use a --color-* token)',
      'line 5: box-shadow: 0 0 0 5px var(--color-accent) (use a --shadow-* token)',
      'line 6: padding: 6px 3px (6px: use var(--space-3))',
      'line 6: margin: 0 -4px (4px: use var(--space-2))',
      'line 6: font-size: 13px (use a --font-size-* token)',
      'line 6: border-radius: 50% (use a --radius-* token)',
      'line 6: --local: 1px (custom properties are declared in tokens.css)',
    ]);
  });
  it('lets through tokens, keywords, selectors, comments, strings, names and half steps', () => {
    const css = [
      '/* #fff red */ #root, .red, .tone-white { color: var(--color-text); background: transparent; }',
      ".a::before { content: 'red #fff'; border: 1px solid currentColor; color: inherit; animation: ring-flash 1s; }",
      '.b { padding: 3px 7px; margin: 0 auto; gap: 1px; font: inherit; font-size: 0.95em; border-radius: var(--radius-md); }',
      '.c { box-shadow: var(--shadow-focus); grid-template-columns: minmax(0, 1fr); accent-color: var(--color-accent); }',
    ].join('\n');
    expect(violations(css)).toEqual([]);
  });
});

describe('design tokens (src-renderer/styles/tokens.css)', () => {
  const files = stylesheets();
  const tokensCss = readFileSync(TOKENS, 'utf8');
  const tokenDecls = declarations(tokensCss);
  const declared = new Set(tokenDecls.filter((d) => d.prop.startsWith('--')).map((d) => d.prop));

  it('no stylesheet but tokens.css writes a colour, a spacing step, a font size, a radius or a shadow by hand', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    const found = files.filter((f) => f !== TOKENS).flatMap((f) => violations(readFileSync(f, 'utf8')).map((v) => `${relative(ROOT, f)} ${v}`));
    expect(found).toEqual([]);
  });

  it('tokens.css holds only tokens, with semantic names', () => {
    const others = tokenDecls.filter((d) => !d.prop.startsWith('--') && d.prop !== 'color-scheme');
    expect(others).toEqual([]);
    const badNames = [...declared].filter((n) => !/^--(color|space|radius|font|font-size|shadow)-[a-z0-9-]+$/.test(n));
    expect(badNames).toEqual([]);
    expect(declared.size).toBeGreaterThan(60);
  });

  it('every var() in every stylesheet names a declared token (an undefined one would silently fall back)', () => {
    const undeclared = files.flatMap((f) =>
      usedVars(readFileSync(f, 'utf8'))
        .filter((v) => !declared.has(v))
        .map((v) => `${relative(ROOT, f)}: ${v}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('every token is used somewhere (tokens.css lists what the UI uses, no more)', () => {
    const used = new Set(files.flatMap((f) => usedVars(readFileSync(f, 'utf8'))));
    expect([...declared].filter((n) => !used.has(n))).toEqual([]);
  });

  it('tokens.css is imported first, by the stylesheet the renderer loads', () => {
    const main = readFileSync(join(RENDERER, 'main.tsx'), 'utf8');
    expect([...main.matchAll(/import\s+'([^']+\.css)'/g)].map((m) => m[1])).toEqual(['./styles/app.css']);
    const app = readFileSync(join(RENDERER, 'styles/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(/^\s*@import\s+'([^']+)'/.exec(app)?.[1]).toBe('./tokens.css');
  });
});
