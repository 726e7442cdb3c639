import { describe, expect, it } from 'vitest';
import { ru } from '../../../src-renderer/i18n/ru';
import { en } from '../../../src-renderer/i18n/en';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(obj: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null) for (const x of keys(v, path)) out.add(x);
    else out.add(path.replace(PLURAL, '_PLURAL'));
  }
  return out;
}

describe('UI strings', () => {
  it('English has every key Russian has and no other (plural forms aside)', () => {
    const r = keys(ru);
    const e = keys(en);
    expect([...r].filter((k) => !e.has(k))).toEqual([]);
    expect([...e].filter((k) => !r.has(k))).toEqual([]);
  });
  it('Russian plurals have one/few/many forms', () => {
    const flat = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? flat(v, `${p}${k}.`) : [`${p}${k}`]));
    const all = flat(ru);
    for (const base of new Set(all.filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -4)))) {
      for (const f of ['_one', '_few', '_many']) expect(all).toContain(`${base}${f}`);
    }
  });
  it('uses the glossary terms of UX.md', () => {
    const text = JSON.stringify(ru);
    for (const term of ['договор', 'абонент', 'Баланс', 'Задолженность', 'Тариф', 'Серийный номер', 'Дежурный режим', 'Время реакции']) {
      expect(text.toLowerCase()).toContain(term.toLowerCase());
    }
  });
  it("speaks the operator's words: no rule ids anywhere, no protocol terms in the key sheet or the call hints", () => {
    const strings = (o: object, p = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]): [string, string][] => (typeof v === 'object' && v ? strings(v, `${p}${k}.`) : [[`${p}${k}`, String(v)]]));
    for (const [lang, res] of [
      ['ru', ru],
      ['en', en],
    ] as const) {
      const all = strings(res);
      // A rule id («(R-CALL-15)») is the desk manual's bookkeeping, not words for the screen.
      expect(all.filter(([, v]) => /\bR-[A-Z]+(-[A-Z0-9]+)*\b/.test(v)).map(([k]) => `${lang}:${k}`)).toEqual([]);
      const sheetAndHints = all.filter(([k]) => k.startsWith('shortcuts.') || k === 'call.offerHint');
      expect(sheetAndHints.filter(([, v]) => /\b(DTMF|SIP|URI|WebRTC|RTP|IPC|id)\b/.test(v)).map(([k]) => `${lang}:${k}`)).toEqual([]);
    }
  });
});
