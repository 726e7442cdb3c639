/**
 * The calls the console knows about, SIP-agnostic: applies the pure reducer, writes the call log,
 * runs the talk timer of R-CALL-15, drives agent state and emits `calls:state` on every change.
 * The SIP layer (src-main/softphone/calls.ts) reports what happened on the wire.
 */
import { uuidv7 } from '../../src-shared/ids';
import { endOutcome, isLive, newCall, reduceCall, type CallEvent, type EndCause, type NewCall } from '../../src-shared/domain/call';
import { msUntilNextLevel, talkLimitLevel } from '../../src-shared/domain/talkTimer';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { formatPhone } from '../../src-shared/domain/phone';
import { staffVerified } from '../../src-shared/domain/verdict';
import { AppError } from '../../src-shared/ipc/envelope';
import type { Call } from '../../src-shared/domain/call';
import type { CallLogRow, VisitRequest } from '../../src-shared/ipc/calls';
import type { AgentService } from '../agent/service';
import type { Logger } from '../log';
import type { CallLogQuery, CallLogRepo } from './repo';
import type { VisitRequestsRepo } from '../visits/requests';
import { errorReason } from '../../src-shared/text/errors';

export type CallsSnapshot = { calls: Call[]; now: string };
export type DirectoryLookup = {
  /** Contract numbers on this E.164 phone (all of them on a shared phone, R-ID-PHONE). */
  contractsByPhone(e164: string): string[];
  contract(contractNo: string): { holderName: string; address: string; phones: readonly string[] } | null;
};

/** Ended calls stay in the snapshot until wrapped up (the card stays for the wrap-up), at most this many. */
const KEEP_ENDED = 5;

export function createCallsService(deps: {
  log: Logger;
  now: () => Date;
  repo: CallLogRepo;
  visits: VisitRequestsRepo;
  agent: AgentService;
  directory: DirectoryLookup;
  profile: () => DeskProfile;
  operator: () => string | null;
  emit(snapshot: CallsSnapshot): void;
  notify?: ((title: string, body: string) => void) | undefined;
}) {
  const { repo, agent, log } = deps;
  const calls = new Map<string, Call>();
  const ended: string[] = []; // ids of ended calls still shown, oldest first
  const talkTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let answeredInSpell = false;
  const iso = () => deps.now().toISOString();

  const liveCalls = (): Call[] => [...calls.values()].filter(isLive);
  const snapshot = (): CallsSnapshot => ({ calls: [...calls.values()], now: iso() });
  const emit = () => deps.emit(snapshot());

  function must(id: string): Call {
    const c = calls.get(id);
    if (!c) throw new AppError('NOT_FOUND', `call ${id} is not on the console`, undefined, errorReason('callNotFound'));
    return c;
  }

  function syncAgent(): void {
    const up = [...calls.values()].filter((c) => c.state === 'dialing' || c.state === 'active' || c.state === 'held').length;
    const s = agent.state().state;
    if (up > 0 && s !== 'on-call') agent.callUp();
    else if (up === 0 && s === 'on-call') {
      agent.callsDown(answeredInSpell);
      answeredInSpell = false;
    }
  }

  // R-CALL-15: at warnAtSec of talk 'warn', at limitSec 'limit'; one timer per answered call,
  // re-armed for the next threshold (vitest fake timers drive it in tests).
  function armTalkTimer(id: string): void {
    clearTalkTimer(id);
    const c = calls.get(id);
    if (!c || c.answeredAt === null || c.state === 'ended') return;
    const limits = deps.profile().callLimit;
    const talk = Math.max(0, deps.now().getTime() - Date.parse(c.answeredAt));
    const level = talkLimitLevel(talk, limits);
    if (level !== c.talkLimit) {
      calls.set(id, reduceCall(c, { type: 'talkLimit', level }));
      emit();
    }
    const wait = msUntilNextLevel(talk, limits);
    if (wait !== null)
      talkTimers.set(
        id,
        setTimeout(() => armTalkTimer(id), wait),
      );
  }
  function clearTalkTimer(id: string): void {
    const t = talkTimers.get(id);
    if (t) clearTimeout(t);
    talkTimers.delete(id);
  }

  function keepEnded(id: string): void {
    ended.push(id);
    while (ended.length > KEEP_ENDED) {
      const old = ended.shift();
      if (old !== undefined) calls.delete(old);
    }
  }

  function lookupCandidates(remoteNumber: string): string[] {
    if (!remoteNumber.startsWith('+')) return [];
    try {
      return deps.directory.contractsByPhone(remoteNumber);
    } catch (err) {
      // A failed lookup must not cost the call: it rings without a card.
      log.error({ err }, 'screen-pop lookup failed');
      return [];
    }
  }

  return {
    snapshot,
    get: (id: string): Call | null => calls.get(id) ?? null,
    live: liveCalls,

    /**
     * A call is offered (INVITE in) or dialed: the log row exists from this moment (R-CALL-WAIT).
     * `silent` calls (refused because the operator is not available) are logged, never shown.
     */
    offer(
      input: Omit<NewCall, 'id' | 'offeredAt' | 'candidates'> & { sipCallId: string | null; silent?: boolean },
      /** Runs before calls:state goes out, so a listener acting on the event finds the call complete. */
      attach?: (call: Call) => void,
    ): Call {
      const candidates = lookupCandidates(input.remoteNumber); // screen pop, before the 180
      const call = newCall({ ...input, id: uuidv7(deps.now().getTime()), offeredAt: iso(), candidates });
      calls.set(call.id, call);
      attach?.(call);
      if (!input.silent) {
        syncAgent(); // dialing makes the operator busy
        emit(); // the card pops first; the row's commit (an fsync) follows within the same tick
      }
      try {
        repo.offered(call, { sipCallId: input.sipCallId, operator: deps.operator() });
      } catch (err) {
        calls.delete(call.id);
        if (!input.silent) {
          syncAgent();
          emit();
        }
        throw err;
      }
      if (input.silent) return call;
      if (call.direction === 'inbound' && deps.notify) {
        const who = [call.remoteName, call.remoteNumber.startsWith('+') ? formatPhone(call.remoteNumber) : call.remoteNumber].filter(Boolean).join(' · ');
        const what = call.candidates.length > 0 ? `договор ${call.candidates.join(', ')}` : 'номер не найден в справочнике';
        try {
          deps.notify('Входящий звонок', `${who}\n${what}`);
        } catch (err) {
          log.warn({ err }, 'desktop notification failed');
        }
      }
      return call;
    },

    /** State changes other than the end (answered, hold, mute, identified…). */
    apply(id: string, ev: Exclude<CallEvent, { type: 'ended' }>): Call {
      const next = reduceCall(must(id), ev);
      calls.set(id, next);
      if (ev.type === 'answered') {
        answeredInSpell = true;
        repo.answered(next);
        armTalkTimer(id);
      }
      syncAgent();
      emit();
      return calls.get(id) ?? next;
    },

    end(id: string, cause: EndCause, opts: { silent?: boolean } = {}): Call {
      const c = calls.get(id);
      if (!c) throw new AppError('NOT_FOUND', `call ${id} is not on the console`, undefined, errorReason('callNotFound'));
      if (c.state === 'ended') return c;
      clearTalkTimer(id);
      const next = reduceCall(c, { type: 'ended', at: iso(), outcome: endOutcome(c, cause) });
      repo.ended(next);
      if (opts.silent) calls.delete(id);
      else {
        calls.set(id, next);
        keepEnded(id);
      }
      syncAgent();
      if (!opts.silent) emit();
      return next;
    },

    identify(id: string, contractNo: string | null, verified: boolean, callerStaff: boolean | null = null): Call {
      // R-ID-STAFF: the same rule the call.identify mutator applies, so the live call shows what the log keeps.
      const ok = staffVerified(verified, deps.profile().staffOnly, callerStaff);
      const next = reduceCall(must(id), { type: 'identified', contractNo, verified: ok });
      calls.set(id, next);
      repo.identify(id, next.contractNo, next.verified, callerStaff);
      emit();
      return next;
    },

    /** Stores the wrap-up code and note on the log row; ends the agent's wrap-up when no call is up. */
    wrapUp(id: string, code: string | null, note: string | null): CallLogRow {
      if (code !== null && !deps.profile().wrapUpCodes.includes(code)) {
        throw new AppError('VALIDATION', `unknown wrap-up code ${code} (the desk profile has: ${deps.profile().wrapUpCodes.join(', ')})`);
      }
      const row = repo.wrapUp(id, code, note);
      if (!row) throw new AppError('NOT_FOUND', `call ${id} is not in the call log`, undefined, errorReason('callNotFound'));
      const c = calls.get(id);
      if (c?.state === 'ended') {
        calls.delete(id);
        const i = ended.indexOf(id);
        if (i >= 0) ended.splice(i, 1);
        emit();
      }
      if (agent.state().state === 'wrap-up' && !liveCalls().some((x) => x.state !== 'ringing')) agent.wrapUpDone();
      return row;
    },

    /** R-CALL-15: records the escalation on the call and stores a visit request prefilled from it. */
    escalate(id: string, notes: string): VisitRequest {
      const live = calls.get(id);
      const row = repo.get(id);
      if (!row) throw new AppError('NOT_FOUND', `call ${id} is not in the call log`, undefined, errorReason('callNotFound'));
      const existing = deps.visits.forCall(id);
      if (existing) return existing; // one click, one request: a second click returns the first
      const at = iso();
      const contractNo = live?.contractNo ?? row.contractNo;
      const contract = contractNo === null ? null : deps.directory.contract(contractNo);
      const remote = live?.remoteNumber ?? row.remoteNumber;
      const visit: VisitRequest = {
        id: uuidv7(deps.now().getTime()),
        callId: id,
        contractNo,
        holderName: contract?.holderName ?? null,
        phone: remote.startsWith('+') ? remote : (contract?.phones[0] ?? null),
        address: contract?.address ?? null,
        notes,
        createdAt: at,
        status: 'new',
      };
      const stored = repo.escalate(id, at, visit);
      if (live) {
        calls.set(id, reduceCall(live, { type: 'escalated', at }));
        emit();
      }
      return stored;
    },

    /** The PBX stopped (true) or resumed (false) answering: every live call is marked, one event. */
    pbxAtRisk(on: boolean): void {
      let changed = false;
      for (const c of liveCalls()) {
        const next = reduceCall(c, { type: 'atRisk', on });
        if (next !== c) {
          calls.set(c.id, next);
          changed = true;
        }
      }
      if (changed) emit();
    },

    log: (q: CallLogQuery): CallLogRow[] => repo.search(q),
    visitRequests: (): VisitRequest[] => deps.visits.list(),

    /** At start: calls the previous run left open are closed as `interrupted`. */
    closeInterrupted(): number {
      return repo.closeInterrupted(iso());
    },

    dispose(): void {
      for (const id of talkTimers.keys()) clearTalkTimer(id);
    },
  };
}
export type CallsService = ReturnType<typeof createCallsService>;
