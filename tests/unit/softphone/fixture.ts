/**
 * The host's call stack (calls service, call log, visit requests, agent state) on a real SQLite
 * database with a few directory contracts; no SIP. Time comes from `Date` so vitest fake timers
 * drive the talk timer and the wrap-up timer.
 */
import { openDatabase, type Db } from '../../../src-main/db/open';
import { createOutbox } from '../../../src-main/mutations/outbox';
import { createMutations } from '../../../src-main/mutations/index';
import { createSettingsRepo } from '../../../src-main/settings/repo';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { createCallLogRepo } from '../../../src-main/calls/repo';
import { createCallsService, type CallsSnapshot } from '../../../src-main/calls/service';
import { createVisitRequestsRepo } from '../../../src-main/visits/requests';
import { createAgentService } from '../../../src-main/agent/service';
import { createDirectoryRepo } from '../../../src-main/directory/repo';
import { presetById, DEFAULT_PRESET_ID } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import type { AgentState } from '../../../src-shared/domain/agent';
import { createLogger } from '../../../src-main/log';
import { contractNoKey } from '../../../src-shared/domain/contractNo';

export const SHARED_PHONE = '+79031112233';
export const SINGLE_PHONE = '+79039691445';

export function seedDirectory(db: Db): void {
  const insert = db.prepare(
    'INSERT INTO contracts (id, contract_no, holder_name, surname_fold, address, tariff, status, contract_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // contract_key as the importer writes it (src-main/directory/columns.ts)
  const c = { run: (id: number, no: string, ...rest: string[]) => insert.run(id, no, ...rest, contractNoKey(no).digits) };
  const p = db.prepare('INSERT INTO contract_phones (contract_id, e164) VALUES (?, ?)');
  c.run(1, 'D-100', 'Иванов Иван Иванович', 'иванов', 'Москва, ул. Ленина, 1, кв. 5', 'Базовый', 'active');
  c.run(2, 'D-200', 'Петрова Анна Сергеевна', 'петрова', 'Москва, ул. Мира, 7', 'Базовый', 'active');
  c.run(3, 'D-300', 'Петров Олег Ильич', 'петров', 'Москва, ул. Мира, 7', 'Базовый', 'active');
  p.run(1, SINGLE_PHONE);
  p.run(2, SHARED_PHONE);
  p.run(3, SHARED_PHONE);
}

export function createCallStack(opts: { file?: string; profile?: Partial<DeskProfile>; onEmit?: (s: CallsSnapshot) => void } = {}) {
  const db = openDatabase(opts.file ?? ':memory:');
  // A reopened file (the kill test's writer after a restart) has its contracts already.
  if ((db.prepare('SELECT count(*) AS n FROM contracts').get() as { n: number }).n === 0) seedDirectory(db);
  const now = () => new Date();
  const outbox = createOutbox(db);
  const base = presetById(DEFAULT_PRESET_ID) as DeskProfile;
  let profile: DeskProfile = { ...base, ...opts.profile };
  const snapshots: CallsSnapshot[] = [];
  const agentStates: AgentState[] = [];
  const notifications: string[] = [];
  const agent = createAgentService({ now, profile: () => profile, onChange: (s) => agentStates.push(s) });
  const dir = createDirectoryRepo(db);
  const { runMutation } = createMutations({
    db,
    outbox,
    settings: createSettingsRepo(db),
    now,
    profile: () => profile,
    calendar: RU_CALENDAR,
    contract: (no) => dir.findByContractNo(no),
    operator: { id: () => 'op-anna', name: () => 'Анна' },
    locale: () => 'ru',
  });
  const repo = createCallLogRepo({ db, runMutation });
  const visits = createVisitRequestsRepo(db);
  const calls = createCallsService({
    log: createLogger('test'),
    now,
    repo,
    visits,
    agent,
    directory: { contractsByPhone: (e) => dir.contractNosByPhone(e), contract: (no) => dir.findByContractNo(no) },
    profile: () => profile,
    operator: () => 'Анна',
    emit: (s) => {
      snapshots.push(s);
      opts.onEmit?.(s);
    },
    notify: (title, body) => notifications.push(`${title}: ${body}`),
  });
  return {
    db,
    calls,
    agent,
    repo,
    runMutation,
    snapshots,
    agentStates,
    notifications,
    setProfile: (p: Partial<DeskProfile>) => {
      profile = { ...profile, ...p };
    },
    last: () => snapshots.at(-1),
    close: () => {
      calls.dispose();
      agent.dispose();
      db.close();
    },
  };
}

export const inbound = (remoteNumber = SINGLE_PHONE) => ({
  direction: 'inbound' as const,
  remoteNumber,
  remoteName: 'Caller',
  line: '1001',
  sipCallId: 'sip-1',
});
