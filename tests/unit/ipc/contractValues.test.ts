import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/ipc/contract';
import { IsoDateSchema, LocaleSchema } from '../../../src-shared/domain/values';

// Values declared once in src-shared/domain/values.ts and used by every part of the contract.
describe('shared values of the contract', () => {
  it('refuses a calendar date that does not exist instead of letting it roll over (2026-02-30 is not 2 March)', () => {
    expect(IsoDateSchema.safeParse('2026-02-28').success).toBe(true);
    const r = contract.requests['visits:list'].input.safeParse({ fromDate: '2026-02-30', toDate: '2026-03-01' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['fromDate', 'expected a real date as YYYY-MM-DD']]);
    expect(contract.requests['visits:list'].input.safeParse({ fromDate: '24.11.2026', toDate: '2026-03-01' }).error?.issues[0]?.message).toBe(
      'expected YYYY-MM-DD',
    );
  });

  it('has one locale list for the settings request and the app info', () => {
    expect(LocaleSchema.options).toEqual(['ru', 'en']);
    expect(contract.requests['settings:setLocale'].input.safeParse({ locale: 'de' }).success).toBe(false);
    expect(contract.requests['app:info'].output.shape.locale).toBe(LocaleSchema);
  });
});
