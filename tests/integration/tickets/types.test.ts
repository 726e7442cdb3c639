import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_TYPES, TICKET_TYPES } from '../../../src-shared/domain/tickets';
import { ticketsEn } from '../../../src-renderer/i18n/tickets.en';
import { ticketsRu } from '../../../src-renderer/i18n/tickets.ru';
import { useTempDir } from '../../helpers/tmp';
import { openHarness, ticketInput, type Harness } from './harness';

describe('R-TKT-TYPES: question, problem, maintenance task, plus visit and claim', () => {
  const tmp = useTempDir('tickets-types-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });

  it('R-TKT-TYPES: exactly the five types, each named in Russian and English', () => {
    expect([...TICKET_TYPES]).toEqual(['question', 'problem', 'maintenance', 'visit', 'claim']);
    for (const type of TICKET_TYPES) {
      expect(ticketsRu.ticket.type[type], type).toMatch(/\p{Script=Cyrillic}/u);
      expect(ticketsEn.ticket.type[type], type).toMatch(/^[A-Z][a-z ]+$/);
    }
    // R-SLA-DUTY: a question or a maintenance task is not a fault; a problem and a visit are.
    expect([...FAULT_TYPES].sort()).toEqual(['problem', 'visit']);
  });

  it('R-TKT-TYPES: a question, a problem and a maintenance task are created as such in the first line; a visit and a claim only through their own forms', async () => {
    h = openHarness(tmp(), { at: '2026-11-24 10:00' });
    for (const type of ['question', 'problem', 'maintenance'] as const) {
      const t = (await h.call('tickets:create', ticketInput({ type, subject: `тип ${type}` }))) as { type: string; queueId: string };
      expect(t, type).toMatchObject({ type, queueId: 'support' });
    }
    // A visit needs a slot (visits:book), a claim its legal fields (claims:create, R-CLAIM).
    for (const type of ['visit', 'claim']) {
      expect(await h.fail('tickets:create', ticketInput({ type })), type).toMatchObject({ code: 'VALIDATION' });
    }
    const list = (await h.call('tickets:list', { view: 'all' })) as { rows: { type: string }[] };
    expect(list.rows.map((r) => r.type).sort()).toEqual(['maintenance', 'problem', 'question']);
  });
});
