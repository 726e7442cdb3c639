import { describe, expect, it } from 'vitest';
import type { AgentState } from '../../../src-shared/domain/agent';
import type { RegistrationStatus } from '../../../src-shared/ipc/softphone';
import { registrationView } from '../../../src-renderer/features/softphone/status';
import { agentLine, agentTone, agentView, wrapUpLeftSec } from '../../../src-renderer/features/agent/agentState';
import { recordsCalls } from '../../../src-renderer/features/calls/recording';
import { toLogFilter, EMPTY_LOG_FORM } from '../../../src-renderer/features/calls/logFilter';
import { formatMs } from '../../../src-renderer/lib/format';
import { ru } from '../../../src-renderer/i18n/ru';

const NOW = Date.parse('2026-11-24T10:00:00Z');
const st = (p: Partial<RegistrationStatus>): RegistrationStatus => ({
  state: 'unregistered',
  reason: null,
  detail: null,
  since: '2026-11-24T09:59:00Z',
  nextRetryAt: null,
  attempt: 0,
  ...p,
});

describe('SIP status in the top bar', () => {
  it('failed registration says why, in Russian: неверный пароль, АТС недоступна, отказ', () => {
    const v = (reason: RegistrationStatus['reason']) => registrationView(st({ state: 'failed', reason }), NOW).reasonKey;
    expect(v('wrong-password')).toBe('sip.reason_wrong-password');
    expect(v('unreachable')).toBe('sip.reason_unreachable');
    expect(v('rejected')).toBe('sip.reason_rejected');
    expect(v(null)).toBe('sip.reason_unknown');
    expect(ru.sip['reason_wrong-password']).toBe('неверный пароль');
    expect(ru.sip.reason_unreachable).toBe('АТС недоступна');
    expect(ru.sip.reason_rejected).toContain('отказ');
  });
  it('connecting counts down to the next retry; registered is green', () => {
    const c = registrationView(st({ state: 'connecting', reason: 'unreachable', nextRetryAt: '2026-11-24T10:00:02.300Z', attempt: 3 }), NOW);
    expect(c).toMatchObject({ key: 'sip.connecting', tone: 'warn', retryInSec: 3 });
    expect(registrationView(st({ state: 'registered' }), NOW)).toMatchObject({ tone: 'ok', retryInSec: null });
    // A retry that is due is under way: no «повтор через 0 с».
    expect(registrationView(st({ state: 'failed', reason: 'unreachable', nextRetryAt: '2026-11-24T09:59:59Z' }), NOW).retryInSec).toBeNull();
    expect(registrationView(st({ state: 'unconfigured' }), NOW).key).toBe('sip.unconfigured');
  });
  it('a frozen PBX while registered reads «АТС не отвечает», in red', () => {
    expect(registrationView(st({ state: 'unresponsive', detail: 'no answer from the PBX for 6 s' }), NOW)).toMatchObject({
      key: 'sip.unresponsive',
      tone: 'block',
      retryInSec: null,
    });
    expect(ru.sip.unresponsive).toBe('АТС не отвечает');
    expect(ru.call.atRisk).toMatch(/^АТС не отвечает/);
  });
});

describe('agent state', () => {
  const a = (p: Partial<AgentState>): AgentState => ({ state: 'available', reason: null, since: '2026-11-24T09:00:00Z', wrapUpEndsAt: null, ...p });
  it('wrap-up counts down on the host clock', () => {
    expect(wrapUpLeftSec(a({ state: 'wrap-up', wrapUpEndsAt: '2026-11-24T10:00:30Z' }), NOW)).toBe(30);
    expect(wrapUpLeftSec(a({ state: 'wrap-up', wrapUpEndsAt: '2026-11-24T09:59:00Z' }), NOW)).toBe(0);
    expect(wrapUpLeftSec(a({ state: 'available' }), NOW)).toBeNull();
  });
  it('colours: available green, break red (words are shown too)', () => {
    expect(agentTone(a({}))).toBe('ok');
    expect(agentTone(a({ state: 'break', reason: 'lunch' }))).toBe('block');
    expect(agentTone(a({ state: 'on-call' }))).toBe('warn');
  });
});

describe('the agent state shown follows real reachability', () => {
  const a = (p: Partial<AgentState>): AgentState => ({ state: 'available', reason: null, since: '2026-11-24T09:00:00Z', wrapUpEndsAt: null, ...p });
  it('«Доступен» is green only when the host answers and the phone is on the line', () => {
    expect(agentView(a({}), agentLine(true, 'registered'))).toEqual({ tone: 'ok', labelKey: null });
  });
  it('available with the PBX unreachable, frozen or reconnecting: grey «Доступен, но АТС недоступна»', () => {
    for (const sip of ['failed', 'connecting', 'unresponsive'] as const) {
      expect(agentView(a({}), agentLine(true, sip))).toEqual({ tone: 'idle', labelKey: 'agent.availableNoPbx' });
    }
    expect(ru.agent.availableNoPbx).toBe('Доступен, но АТС недоступна');
    expect(agentView(a({}), agentLine(true, 'unregistered'))).toEqual({ tone: 'idle', labelKey: 'agent.availablePhoneOff' });
  });
  it('with the console host gone every state is grey and says calls cannot arrive', () => {
    for (const state of ['available', 'on-call', 'wrap-up', 'break'] as const) {
      expect(agentView(a({ state }), agentLine(false, 'registered'))).toEqual({ tone: 'idle', labelKey: 'agent.noHost' });
    }
    expect(ru.agent.noHost).toBe('Звонки не поступают');
  });
  it('a break stays a break (red) whatever the PBX does', () => {
    expect(agentView(a({ state: 'break', reason: 'lunch' }), agentLine(true, 'failed'))).toEqual({ tone: 'block', labelKey: null });
  });
});

describe('R-CALL-REC recording notice', () => {
  it('R-CALL-REC: shown for desk 001 (calls recorded), not for 004 (calls not recorded) or custom desks', () => {
    expect(recordsCalls({ seed: '001' })).toBe(true);
    expect(recordsCalls({ seed: '004' })).toBe(false);
    expect(recordsCalls({ seed: null })).toBe(false);
    expect(recordsCalls(null)).toBe(false);
    expect(ru.call.recording).toMatch(/записыва/);
  });
});

describe('call log search', () => {
  it('R-CALL-REPEAT: a phone typed in any Russian form searches its E.164; contract, operator trimmed', () => {
    expect(toLogFilter({ ...EMPTY_LOG_FORM, number: '8 (903) 969-14-45' })).toEqual({ number: '+79039691445' });
    expect(toLogFilter({ ...EMPTY_LOG_FORM, number: '101' })).toEqual({ number: '101' });
    expect(toLogFilter({ ...EMPTY_LOG_FORM, contractNo: ' Д-000001 ', operator: ' ivanova ' })).toEqual({ contractNo: 'Д-000001', operator: 'ivanova' });
    expect(toLogFilter(EMPTY_LOG_FORM)).toEqual({});
  });
  it('R-CALL-REPEAT: dates are whole Moscow days', () => {
    expect(toLogFilter({ ...EMPTY_LOG_FORM, from: '2026-11-21', to: '2026-11-24' })).toEqual({
      from: '2026-11-21T00:00:00.000+03:00',
      to: '2026-11-24T23:59:59.999+03:00',
    });
    expect(toLogFilter({ ...EMPTY_LOG_FORM, from: '21.11.2026', to: '1.12.2026' })).toEqual({
      from: '2026-11-21T00:00:00.000+03:00',
      to: '2026-12-01T23:59:59.999+03:00',
    });
    expect(toLogFilter({ ...EMPTY_LOG_FORM, from: '31.02.2026', to: 'вчера' })).toEqual({});
  });
  it('R-CALL-WAIT: wait and talk times as m:ss', () => {
    expect(formatMs(null)).toBe('');
    expect(formatMs(4_600)).toBe('0:05');
    expect(formatMs(125_000)).toBe('2:05');
    expect(formatMs(3_725_000)).toBe('1:02:05');
  });
});
