import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/ipc/contract';

// Phones reach the host as dictated and are stored as E.164 only (src-shared/ipc/fields.ts);
// the renderer formats them for reading (formatPhone). Nothing raw gets past the schema.
const ID = '0190f5a0-0000-7000-8000-000000000001';
const TYPED = ['8 (926) 454-13-60', '+7 926 454 13 60', '9264541360', '+7-926-454-13-60'];

describe('phones at the contract', () => {
  it('visits:book stores the contact phone normalised, whatever way it was typed (R-VIS-FORM)', () => {
    for (const phone of TYPED) {
      const r = contract.requests['visits:book'].input.parse({
        id: ID,
        contractNo: 'Д-000001',
        address: 'г. Москва, ул. Тверская, д. 7',
        responsible: 'Иванов',
        phone,
        slotStart: '2026-11-24T10:00:00.000Z',
      });
      expect(r.phone).toBe('+79264541360');
    }
  });

  it('claims:create and tickets:create store the phone normalised (R-CLAIM, R-TKT-FORM)', () => {
    const claim = {
      holderName: 'Иванов Иван',
      contractNo: 'Д-000001',
      incident: 'Нет связи',
      incidentFrom: '2026-12-20',
      incidentTo: null,
      specialist: '',
      answerVia: 'post',
      answerAddress: 'г. Москва',
      signed: true,
      receivedOn: '2026-12-28',
    };
    for (const phone of TYPED) {
      expect(contract.requests['claims:create'].input.parse({ id: ID, claim: { ...claim, phone } }).claim.phone).toBe('+79264541360');
      expect(contract.requests['tickets:create'].input.parse({ id: ID, type: 'question', subject: 'Вопрос', phone }).phone).toBe('+79264541360');
    }
  });

  it('refuses what is not a phone with a phone issue instead of storing it as typed', () => {
    const r = contract.requests['tickets:create'].input.safeParse({ id: ID, type: 'question', subject: 'Вопрос', phone: '12-34' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['phone']);
  });
});
