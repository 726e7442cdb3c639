import { describe, expect, it } from 'vitest';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import { PAID_SCOPE_CODE, paidScopeRoute } from '../../../src-shared/domain/paidScope';

const preset = (seed: string) => {
  const p = DESK_PRESETS.find((x) => x.seed === seed);
  if (!p) throw new Error(`no preset ${seed}`);
  return p;
};

describe('R-PAID-SCOPE: out-of-tariff requests go by e-mail as paid work', () => {
  it('R-PAID-SCOPE: the restaurant desk (000) routes them to its address', () => {
    expect(paidScopeRoute(preset('000'))).toEqual({ email: 'help@multi-support.ru', label: preset('000').moneyRedirect.label });
  });
  it('R-PAID-SCOPE: desks without the paid-by-e-mail outcome have no such route', () => {
    for (const seed of ['001', '002', '004']) expect(paidScopeRoute(preset(seed))).toBeNull();
    expect(paidScopeRoute(null)).toBeNull();
  });
  it('R-PAID-SCOPE: an edited desk keeps the rule with the outcome, even without an address in its line', () => {
    const p = { wrapUpCodes: ['solved', PAID_SCOPE_CODE], moneyRedirect: { label: 'Платные работы — через менеджера', phone: null } };
    expect(paidScopeRoute(p)).toEqual({ email: null, label: 'Платные работы — через менеджера' });
  });
});
