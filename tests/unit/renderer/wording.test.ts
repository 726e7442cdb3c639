/**
 * The desk's words on screen (issue 11): claims in working days, the form's examples from the
 * desk's own trade, one term for a technician visit.
 */
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { SlaView } from '../../../src-shared/ipc/ticketSchemas';
import { claimText } from '../../../src-renderer/features/sla/SlaClock';
import { liveSla } from '../../../src-renderer/features/sla/sla';
import { problemExamples } from '../../../src-renderer/features/tickets/problemExamples';
import { ru } from '../../../src-renderer/i18n/ru';
import { en } from '../../../src-renderer/i18n/en';
import type { Translate } from '../../../src-renderer/i18n/types';

const i18n = i18next.createInstance();
await i18n.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng: 'ru', interpolation: { escapeValue: false }, initAsync: false });
const t: Translate = (k, o) => i18n.t(k, { ...o });

const NOW = Date.parse('2026-11-24T11:00:00+03:00'); // a Tuesday
const DUE = '2026-12-15T00:00:00+03:00'; // answered by the end of Monday 14.12 (14 working days after 24.11)
const view = (state: SlaView['state']): SlaView => ({
  state,
  schedule: 'desk',
  targetMinutes: 14 * 8 * 60,
  extendedMinutes: 0,
  dueAt: DUE,
  remainingMs: 158 * 3_600_000 + 45 * 60_000,
  breached: state === 'breached',
  missingYear: null,
  asOf: '2026-11-24T08:00:00Z',
});

describe("R-CLAIM: a claim's clock speaks in working days, not hours", () => {
  it('running: the due day and the working days left, today included', () => {
    const text = claimText(liveSla(view('running'), NOW, null), DUE, NOW, t);
    expect(text).toBe('ответить до 14.12.2026 · осталось 15 рабочих дней');
    expect(text).not.toMatch(/\bч\b/);
  });
  it('on the due day itself one working day is left; paused and overdue name the day, never hours', () => {
    const dueDay = Date.parse('2026-12-14T15:00:00+03:00');
    expect(claimText(liveSla(view('running'), dueDay, null), DUE, dueDay, t)).toBe('ответить до 14.12.2026 · остался 1 рабочий день');
    expect(claimText(liveSla(view('paused'), NOW, null), DUE, NOW, t)).toBe('на паузе · ответить до 14.12.2026');
    const late = Date.parse('2026-12-16T10:00:00+03:00');
    expect(claimText(liveSla(view('breached'), late, null), DUE, late, t)).toBe('просрочена: ответить нужно было до 14.12.2026');
  });
});

describe("R-TKT-FORM: examples from the desk's own trade", () => {
  const texts = (seed: '000' | '001' | '002' | '004' | null) => Object.values(problemExamples({ seed })).map((k) => t(k));
  it('the ISP desk (001) sees no cash register or fiscal storage; the restaurant desk (000) does', () => {
    expect(texts('001').join(' ')).not.toMatch(/касс|ФН|смен/);
    expect(texts('001').join(' ')).toMatch(/сайт|интернет/);
    expect(texts('000').join(' ')).toMatch(/касс/);
    expect(texts('004').join(' ')).toMatch(/терминал/);
    expect(texts(null).join(' ')).not.toMatch(/касс|ФН|терминал|сайт/);
  });
});

describe('one term for a technician visit (UX.md glossary: выезд мастера)', () => {
  it('no «визит» in the Russian strings', () => {
    expect(JSON.stringify(ru)).not.toMatch(/визит/i);
  });
});
