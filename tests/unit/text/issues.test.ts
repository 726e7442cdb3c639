/**
 * Issue 11 item 3: every validation problem reaches the operator in their language. The zod
 * issues of the contract's own schemas become kinds (src-shared/text/issues.ts) and the kinds
 * become Russian or English text (src-renderer/lib/inputIssue.ts); no raw key, no English
 * sentence of zod or of a schema reaches a Russian screen.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { en } from '../../../src-renderer/i18n/en';
import { ru } from '../../../src-renderer/i18n/ru';
import { issueText, issuesByField } from '../../../src-renderer/lib/inputIssue';
import { CHANNELS, contract } from '../../../src-shared/ipc/contract';
import { zodIssues } from '../../../src-shared/ipc/envelope';
import { ISSUE_KINDS, fieldIssues } from '../../../src-shared/text/issues';
import { ClaimSchema, claimReceivedIssue } from '../../../src-shared/ipc/ticketSchemas';
import { DeskProfileSchema } from '../../../src-shared/domain/deskProfile';
import { badPayloads } from '../../integration/hostile/payloads';
import { walk } from '../../integration/hostile/zodWalk';

async function translator(lng: 'ru' | 'en') {
  const i = i18next.createInstance();
  await i.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng, interpolation: { escapeValue: false } });
  return i.t.bind(i) as (key: string, values?: Record<string, unknown>) => string;
}

/** Words a Russian operator reads as such: the terms of the trade, not English sentences. */
const ALLOWED_LATIN = new Set(['SIP', 'sip', 'ws', 'pbx', 'example', 'ru', 'ivanov', 'mail']);
/** Latin-only words of a text that are not on the allow-list (a raw key like `issue.x` is one). */
function englishWords(text: string): string[] {
  return (text.replace(/U\+[0-9A-F]{4,6}/g, '').match(/[A-Za-z][A-Za-z._-]*/g) ?? [])
    .flatMap((w) => w.split(/[._-]/))
    .filter((w) => w !== '' && !ALLOWED_LATIN.has(w));
}

const claim = {
  holderName: 'Иванов Иван',
  contractNo: 'Д-000006',
  phone: '+79039691445',
  incident: 'Нет связи',
  incidentFrom: '2026-11-20',
  incidentTo: null,
  specialist: '',
  answerVia: 'email',
  answerAddress: 'ivanov@mail.ru',
  signed: true,
  receivedOn: '2026-11-24',
};

describe('zod issues → kinds', () => {
  it('a missing field and an empty one are both "required"; too long carries its limit', () => {
    const s = z.object({ a: z.string().min(1, 'a is required'), b: z.string(), c: z.string().max(5) });
    const input = { a: '', c: 'abcdefg' };
    const err = s.safeParse(input).error;
    expect(err).toBeDefined();
    expect(fieldIssues(err as z.ZodError, input)).toEqual([
      { path: 'a', kind: 'required', params: {} },
      { path: 'b', kind: 'required', params: {} },
      { path: 'c', kind: 'tooLong', params: { max: 5 } },
    ]);
  });
  it('a positive number refuses 0 as «more than 0», a minimum allows it as «at least»', () => {
    const s = z.object({ hours: z.number().positive(), crews: z.number().min(1) });
    const input = { hours: 0, crews: 0 };
    expect(fieldIssues(s.safeParse(input).error as z.ZodError, input)).toEqual([
      { path: 'hours', kind: 'moreThan', params: { min: 0 } },
      { path: 'crews', kind: 'tooSmall', params: { min: 1 } },
    ]);
  });

  it('R-CLAIM: a period ending before it starts, an e-mail answer without an address or with a phone in it', () => {
    const kinds = (c: unknown) => fieldIssues(ClaimSchema.safeParse(c).error as z.ZodError, c).map((i) => `${i.path}:${i.kind}`);
    expect(kinds({ ...claim, incidentTo: '2026-11-19' })).toEqual(['incidentTo:dateOrder']);
    expect(kinds({ ...claim, answerAddress: '' })).toEqual(['answerAddress:required']);
    expect(kinds({ ...claim, answerAddress: '+7 903 969-14-45' })).toEqual(['answerAddress:email']);
    expect(ClaimSchema.safeParse({ ...claim, answerVia: 'post', answerAddress: 'Москва, Тверская 1' }).success).toBe(true);
    expect(claimReceivedIssue('2026-11-25', '2026-11-24')?.kind).toBe('futureDate');
    expect(claimReceivedIssue('2026-11-24', '2026-11-24')).toBeNull();
  });

  it('the host reply carries kinds: a phone of a claim, the addresses of the SIP account form', () => {
    const input = { id: '01900000-0000-7000-8000-000000000000', claim: { ...claim, phone: 'позвоните' } };
    const issues = zodIssues(contract.requests['claims:create'].input.safeParse(input).error as z.ZodError, input);
    expect(issues.map((i) => [i.path, i.kind])).toEqual([['claim.phone', 'phone']]);
    const account = { wsUri: 'pbx:8088', sipUri: '1001@pbx', authUser: '', displayName: '', whenBusy: 'busy-486', nullMedia: false };
    const acc = { account, password: null };
    const accIssues = zodIssues(contract.requests['softphone:saveAccount'].input.safeParse(acc).error as z.ZodError, acc);
    expect(accIssues.map((i) => [i.path, i.kind])).toEqual([
      ['account.wsUri', 'wsUri'],
      ['account.sipUri', 'sipUri'],
      ['account.authUser', 'required'],
    ]);
  });
});

describe('kinds → text', () => {
  it('every kind has its own Russian and English text', async () => {
    const [tr, te] = [await translator('ru'), await translator('en')];
    for (const kind of ISSUE_KINDS) {
      const r = issueText({ path: 'x', kind, params: { max: 5, min: 2, char: 'U+202E', today: '24.11.2026', digits: 5 } }, tr);
      const e = issueText({ path: 'x', kind, params: { max: 5, min: 2, char: 'U+202E', today: '24.11.2026', digits: 5 } }, te);
      expect(r, kind).toMatch(/[а-яё]/i);
      expect(englishWords(r), `${kind}: ${r}`).toEqual([]);
      expect(e, kind).not.toMatch(/[а-яё]/i);
      expect(e, kind).not.toContain('issue.');
    }
  });

  it('a host message never reaches the screen, an unknown kind reads as «Неверное значение»', async () => {
    const t = await translator('ru');
    const m = issuesByField(
      [
        { path: 'claim.contractNo', message: 'contractNo is required', kind: 'required' },
        { path: 'claim.incidentTo', message: 'claim.incidentTo: the period ends before it starts', kind: 'dateOrder' },
        { path: 'subject', message: 'Too small: expected string to have >=1 characters' },
        { path: '(input)', message: 'and 3 more problem(s)', kind: 'invalid', params: { more: 3 } },
      ],
      t,
    );
    expect(m.get('contractNo')).toEqual(['Обязательное поле']);
    expect(m.get('incidentTo')).toEqual(['Дата окончания раньше даты начала']);
    expect(m.get('subject')).toEqual(['Неверное значение']);
    expect(m.get('(input)')).toEqual(['и ещё 3 ошибки']);
  });
});

describe('every bad payload of every contract schema reads in Russian', () => {
  it('no raw key and no English word in the text of any issue (requests of every channel, the desk profile)', async () => {
    const t = await translator('ru');
    const schemas: [string, z.ZodType][] = [
      ...CHANNELS.map((c): [string, z.ZodType] => [c, contract.requests[c].input as z.ZodType]),
      ['desk profile', DeskProfileSchema as z.ZodType],
    ];
    let seen = 0;
    const bad = new Set<string>();
    for (const [name, schema] of schemas) {
      // The multi-MB and 10,000-level payloads give the same kinds as their small cousins (the
      // hostile suite sends them through the host); skipped here to keep this test quick.
      for (const p of badPayloads(walk(schema)).filter((b) => !/multi-MB|10,000 nested/.test(b.label))) {
        const r = schema.safeParse(p.value ?? {});
        if (r.success) continue;
        for (const i of zodIssues(r.error, p.value ?? {})) {
          seen++;
          const text = issueText(i, t);
          if (!/[а-яё]/i.test(text) || englishWords(text).length > 0) bad.add(`${name} ${p.label}: ${i.path} → ${text}`);
        }
      }
    }
    expect([...bad]).toEqual([]);
    expect(seen).toBeGreaterThan(1000);
  }, 30_000);
});
