/**
 * A console host on a real SQLite file in a temp folder, with a settable clock, a few directory
 * contracts and helpers to call the contract and read the outbox. Used by the tickets tests.
 */
import pino from 'pino';
import { createHost, type Host } from '../../../src-main/host';
import type { PickFile } from '../../../src-main/files/pick';
import { uuidv7 } from '../../../src-shared/ids';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { contractNoKey } from '../../../src-shared/domain/contractNo';

export const ctx = { transport: 'web' as const };
/** Moscow wall-clock time → epoch ms ("2026-11-24 10:00"). */
export const msk = (s: string): number => Date.parse(`${s.replace(' ', 'T')}:00+03:00`);
export const iso = (s: string): string => new Date(msk(s)).toISOString();

export const MOBILE = '+79039691445';
export const LANDLINE = '+74951234567';
export const SHARED = '+79161112233';

/** Contracts written straight into the directory tables (the import is tested elsewhere). */
export function seedDirectory(host: Host): void {
  const insert = host.db.prepare(
    'INSERT INTO contracts (id, contract_no, holder_name, surname_fold, address, tariff, status, contract_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // contract_key as the importer writes it (src-main/directory/columns.ts)
  const c = { run: (id: number, no: string, ...rest: string[]) => insert.run(id, no, ...rest, contractNoKey(no).digits) };
  const p = host.db.prepare('INSERT INTO contract_phones (contract_id, e164) VALUES (?, ?)');
  const d = host.db.prepare('INSERT INTO devices (contract_id, serial) VALUES (?, ?)');
  host.db.transaction(() => {
    c.run(1, 'Д-000001', 'Иванов Иван Петрович', 'иванов', 'г. Москва, ул. Тверская, д. 7, кв. 12', 'Домашний 100', 'active');
    c.run(2, 'Д-000002', 'Фёдорова Анна Сергеевна', 'федорова', 'г. Москва, ул. Профсоюзная, д. 56, кв. 301', 'Бизнес 500', 'active');
    c.run(3, 'Д-000003', 'Сидоров Олег Викторович', 'сидоров', 'г. Химки, ул. Ленина, д. 3, кв. 45', 'Домашний 100', 'active');
    p.run(1, LANDLINE);
    p.run(1, MOBILE);
    p.run(2, LANDLINE);
    p.run(3, SHARED);
    d.run(1, '123456789012');
  })();
}

export type Harness = {
  host: Host;
  /** The host's clock (Moscow wall-clock string or epoch ms). */
  setNow(at: string | number): void;
  now(): number;
  call<T = any>(channel: string, input: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  fail(channel: string, input: unknown): Promise<{ code: string; message: string }>;
  outbox(): { client_seq: number; mutation_id: string; name: string; args: Record<string, unknown>; created_at: string }[];
  events: { event: string; payload: unknown }[];
  /** Makes a preset (optionally edited) the active desk profile. */
  useDesk(seed: '000' | '001' | '002' | '004', edit?: Partial<DeskProfile>): Promise<void>;
  close(): void;
};

export function openHarness(
  dir: string,
  opts: { at?: string; seed?: boolean; operator?: string; transport?: 'web' | 'electron'; pickFile?: PickFile } = {},
): Harness {
  let t = msk(opts.at ?? '2026-11-24 10:00');
  const transport = opts.transport ?? 'web';
  const ctx = { transport };
  const host = createHost({ dataDir: dir, transport, log: pino({ level: 'silent' }), demo: false, now: () => new Date(t), pickFile: opts.pickFile });
  if (opts.seed !== false && (host.db.prepare('SELECT count(*) AS n FROM contracts').get() as { n: number }).n === 0) seedDirectory(host);
  host.db
    .prepare("INSERT INTO settings (key, value) VALUES ('operator.name', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .run(opts.operator ?? 'Анна');
  const events: { event: string; payload: unknown }[] = [];
  host.events.subscribe((event, payload) => events.push({ event, payload }));
  const h: Harness = {
    host,
    setNow: (at) => void (t = typeof at === 'number' ? at : msk(at)),
    now: () => t,
    async call(channel, input) {
      const r = await host.dispatch(channel, input, ctx);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
      return r.value as never;
    },
    async fail(channel, input) {
      const r = await host.dispatch(channel, input, ctx);
      if (r.ok) throw new Error(`${channel} succeeded but was expected to fail`);
      return r.error;
    },
    outbox: () =>
      (
        host.db.prepare('SELECT client_seq, mutation_id, name, args, created_at FROM outbox ORDER BY client_seq').all() as {
          client_seq: number;
          mutation_id: string;
          name: string;
          args: string;
          created_at: string;
        }[]
      ).map((r) => ({ ...r, args: JSON.parse(r.args) as Record<string, unknown> })),
    events,
    async useDesk(seed, edit) {
      const preset = DESK_PRESETS.find((p) => p.seed === seed);
      if (!preset) throw new Error(`no preset ${seed}`);
      if (edit) await h.call('profiles:save', { profile: { ...preset, ...edit } });
      await h.call('profiles:setActive', { id: preset.id });
    },
    close: () => host.close(),
  };
  return h;
}

export const newId = (): string => uuidv7();

export function ticketInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: uuidv7(), type: 'problem', subject: 'Нет интернета', contractNo: 'Д-000001', ...over };
}

/** A call row as the call log writes it (the softphone is tested elsewhere). */
export function insertCall(host: Host, over: { id?: string; remote?: string; contractNo?: string | null; offeredAt?: string } = {}): string {
  const id = over.id ?? uuidv7();
  const remote = over.remote ?? MOBILE;
  host.db
    .prepare(
      `INSERT INTO calls (id, direction, remote_number, remote_rev, offered_at, answered_at, operator, contract_no, verified, outcome)
       VALUES (?, 'inbound', ?, ?, ?, ?, 'Анна', ?, 1, NULL)`,
    )
    .run(
      id,
      remote,
      [...remote.replace(/\D/g, '')].reverse().join(''),
      over.offeredAt ?? '2026-11-24T06:50:00.000Z',
      over.offeredAt ?? '2026-11-24T06:50:10.000Z',
      over.contractNo === undefined ? 'Д-000001' : over.contractNo,
    );
  return id;
}
