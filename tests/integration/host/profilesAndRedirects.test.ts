import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createHost, type Host } from '../../../src-main/host';
import { useTempDir } from '../../helpers/tmp';

const log = pino({ level: 'silent' });
const ctx = { transport: 'web' as const };

describe('desk profiles and money-question redirects through the host', () => {
  const tmp = useTempDir();
  let host: Host | null = null;
  afterEach(() => host?.close());

  const open = (dir: string) => (host = createHost({ dataDir: dir, transport: 'web', log, demo: false, now: () => new Date('2026-11-23T11:00:00Z') }));
  const call = async (channel: string, input: unknown) => {
    const r = await host!.dispatch(channel, input, ctx);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as never;
  };

  it('lists the four desk presets with the ISP desk active by default', async () => {
    open(tmp());
    const { activeId, profiles } = await call('profiles:list', {});
    expect((profiles as { seed: string }[]).map((p) => p.seed).sort()).toEqual(['000', '001', '002', '004']);
    expect((profiles as { id: string; seed: string }[]).find((p) => p.id === activeId)?.seed).toBe('001');
  });

  it('keeps an edited profile and the active choice across restarts; reset restores the preset', async () => {
    const dir = tmp();
    open(dir);
    const { profiles } = await call('profiles:list', {});
    const isp = (profiles as { id: string; seed: string; callLimit: { warnAtSec: number; limitSec: number } }[]).find((p) => p.seed === '001')!;
    const edited = { ...isp, callLimit: { warnAtSec: 12 * 60, limitSec: 14 * 60 } };
    await call('profiles:save', { profile: edited });
    const terminal = (profiles as { id: string; seed: string }[]).find((p) => p.seed === '004')!;
    await call('profiles:setActive', { id: terminal.id });
    host!.close();
    open(dir);
    const after = await call('profiles:list', {});
    expect((after as { activeId: string }).activeId).toBe(terminal.id);
    const isp2 = ((after as { profiles: typeof profiles }).profiles as (typeof isp)[]).find((p) => p.id === isp.id)!;
    expect(isp2.callLimit).toEqual({ warnAtSec: 720, limitSec: 840 });
    const reset = await call('profiles:reset', { id: isp.id });
    expect(((reset as { profiles: typeof profiles }).profiles as (typeof isp)[]).find((p) => p.id === isp.id)!.callLimit).toEqual(isp.callLimit);
  });

  it('rejects an invalid profile with VALIDATION naming the field, and keeps the stored one', async () => {
    open(tmp());
    const { profiles } = await call('profiles:list', {});
    const isp = (profiles as { id: string; seed: string }[]).find((p) => p.seed === '001')!;
    const bad = { ...isp, callLimit: { warnAtSec: 900, limitSec: 600 } };
    const r = await host!.dispatch('profiles:save', { profile: bad }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.issues?.some((i) => i.path.startsWith('profile.callLimit'))).toBe(true);
    }
    expect(await host!.dispatch('profiles:setActive', { id: 'no-such-desk' }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('R-BAL-SCOPE: a money question is recorded with its reason and the desk redirect, with its outbox row', async () => {
    const dir = tmp();
    host = createHost({ dataDir: dir, transport: 'web', log, demo: true, now: () => new Date('2026-11-23T11:00:00Z') });
    await host.ready;
    const found = (await call('directory:search', { query: 'Д-000001' })) as { results: { id: number; contractNo: string }[] };
    const contract = found.results[0]!;
    const r = await call('identification:moneyQuestion', { contractId: contract.id, phone: '+79039691445', reason: 'спрашивает, прошёл ли платёж' });
    expect(r).toMatchObject({ recordedAt: '2026-11-23T11:00:00.000Z' });
    expect((r as { redirectLabel: string }).redirectLabel.length).toBeGreaterThan(0);
    const list = await call('identification:redirects', { contractId: contract.id });
    expect(list).toEqual([
      {
        id: (r as { id: string }).id,
        contractNo: 'Д-000001',
        phone: '+79039691445',
        reason: 'спрашивает, прошёл ли платёж',
        recordedAt: '2026-11-23T11:00:00.000Z',
      },
    ]);
    const outbox = host!.db.prepare('SELECT mutation_id, name FROM outbox').all();
    expect(outbox).toEqual([{ mutation_id: (r as { id: string }).id, name: 'redirect.record' }]);
    expect(await host!.dispatch('identification:moneyQuestion', { contractId: contract.id, phone: null, reason: '   ' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await host!.dispatch('identification:moneyQuestion', { contractId: 999_999, phone: null, reason: 'x' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('the demo directory follows the console clock (--now): no balance or debt dated in its future', async () => {
    const at = new Date('2025-03-10T09:00:00Z'); // long before the machine's clock
    host = createHost({ dataDir: tmp(), transport: 'web', log, demo: true, now: () => at });
    await host.ready;
    const latest = host.db.prepare('SELECT max(balance_at) AS balance, max(debt_since) AS debt FROM contracts').get() as { balance: string; debt: string };
    expect(Date.parse(latest.balance)).toBeLessThanOrEqual(at.getTime());
    expect(Date.parse(latest.balance)).toBeGreaterThan(at.getTime() - 30 * 86_400_000);
    expect(latest.debt <= '2025-03-10').toBe(true);
    expect(((await call('directory:status', {})) as { importedAt: string }).importedAt).toBe(at.toISOString());
  });

  it('imports the demo directory on first run only', async () => {
    const dir = tmp();
    host = createHost({ dataDir: dir, transport: 'web', log, demo: true });
    await host.ready;
    const first = (await call('directory:status', {})) as { contracts: number; demo: boolean; importing: string | null };
    expect(first).toMatchObject({ contracts: 300, demo: true, importing: null });
    host.close();
    host = createHost({ dataDir: dir, transport: 'web', log, demo: true });
    await host.ready;
    expect(((await call('directory:status', {})) as { contracts: number }).contracts).toBe(300);
  });
});
