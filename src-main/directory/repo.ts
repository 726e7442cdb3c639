/**
 * Read side of the local directory: lookups by phone, contract number, serial and surname prefix.
 *
 * Statements are prepared once. The importer replaces the tables by DROP + RENAME, and that does
 * not invalidate them: better-sqlite3 prepares with sqlite3_prepare_v3, so a statement whose
 * schema changed is recompiled transparently on its next step (SQLITE_SCHEMA retry), against the
 * table that now has the name. tests/integration/directory/lookup.test.ts checks this with a repo
 * created before a second import.
 */
import type { Contract } from '../../src-shared/ipc/contract';
import { contractNoKey } from '../../src-shared/domain/contractNo';
import { normalizeContractNo, sameContractNo } from '../../src-shared/domain/identification';
import { foldText } from '../../src-shared/text/fold';
import type { Db } from '../db/open';

export type ContractRecord = Omit<Contract, 'eligibility'>;

type ContractRow = {
  id: number;
  contract_no: string;
  holder_name: string;
  address: string;
  balance_kopecks: number | null;
  balance_at: string | null;
  debt_since: string | null;
  tariff: string;
  status: Contract['status'];
};
type IdRow = { id: number };
type PhoneRow = { contract_id: number; e164: string };
type SerialRow = { contract_id: number; serial: string };

const byIdAsc = (a: { id: number }, b: { id: number }): number => a.id - b.id;

const COLS = 'id, contract_no, holder_name, address, balance_kopecks, balance_at, debt_since, tariff, status';
// Id lists travel as one JSON array parameter: one statement for any result size, no SQL built
// from input. json_each in an IN (…) subquery still probes the index per id.
const IN_IDS = 'IN (SELECT value FROM json_each(?))';

// One collator for all sorts: localeCompare(…, 'ru') would look the locale up on every call.
const RU = new Intl.Collator('ru');

/** Default cap for phone and serial lookups (a switchboard number may front many contracts). */
export const DEFAULT_LOOKUP_LIMIT = 200;

/**
 * FTS5 query for a surname prefix: the first word must be the initial token of the holder name
 * ("фёдор" → `name : (^ "федор" *)`), following words prefix-match anywhere in the name. Every
 * word is an FTS5 string literal, so `"`, `*`, `:`, `^`, parentheses or NEAR typed by the operator
 * are text, never syntax. Null when nothing searchable is left.
 */
export function surnameMatchQuery(input: string): string | null {
  const words = foldText(input)
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w !== '');
  const [first, ...rest] = words;
  if (first === undefined) return null;
  const lit = (w: string): string => `"${w.replaceAll('"', '""')}" *`;
  return `name : (^ ${lit(first)}${rest.map((w) => ` AND ${lit(w)}`).join('')})`;
}

/**
 * The statements, exported so tests can EXPLAIN exactly what runs. Phone and serial lookups have
 * no ORDER BY: it would add a temp B-tree sort to every hot lookup; the few rows are sorted in JS.
 */
export const DIRECTORY_SQL = {
  byId: `SELECT ${COLS} FROM contracts WHERE id = ?`,
  byNumber: `SELECT ${COLS} FROM contracts WHERE contract_no = ?`,
  // contract_key: the digits of the number (src-shared/domain/contractNo.ts), ix_contracts_key.
  byKey: `SELECT ${COLS} FROM contracts WHERE contract_key = ? LIMIT ?`,
  // The last 7 digits, as callers give the local part of a number; ix_contract_phones_tail is an
  // index on this very expression (the planner uses it only when the text is identical).
  byPhoneTail: `SELECT ${COLS.replace(/(\w+)/g, 'c.$1')} FROM contract_phones p JOIN contracts c ON c.id = p.contract_id WHERE substr(p.e164, -7) = ? LIMIT ?`,
  byPhone: `SELECT ${COLS.replace(/(\w+)/g, 'c.$1')} FROM contract_phones p JOIN contracts c ON c.id = p.contract_id WHERE p.e164 = ? LIMIT ?`,
  idsBySerial: 'SELECT contract_id AS id FROM devices WHERE serial = ? LIMIT ?',
  idsByFts: 'SELECT rowid AS id FROM contracts_fts WHERE contracts_fts MATCH ? LIMIT ?',
  many: `SELECT ${COLS} FROM contracts WHERE id ${IN_IDS}`,
  phonesOf: `SELECT contract_id, e164 FROM contract_phones WHERE contract_id ${IN_IDS}`,
  serialsOf: `SELECT contract_id, serial FROM devices WHERE contract_id ${IN_IDS}`,
  // The one-contract case (most lookups) skips the JSON round trip.
  phonesOfOne: 'SELECT contract_id, e164 FROM contract_phones WHERE contract_id = ?',
  serialsOfOne: 'SELECT contract_id, serial FROM devices WHERE contract_id = ?',
  counts: 'SELECT (SELECT count(*) FROM contracts) AS contracts, (SELECT count(*) FROM contract_phones) AS phones, (SELECT count(*) FROM devices) AS devices',
} as const;

export function createDirectoryRepo(db: Db) {
  const byId = db.prepare<[number], ContractRow>(DIRECTORY_SQL.byId);
  const byNumber = db.prepare<[string], ContractRow>(DIRECTORY_SQL.byNumber);
  const byPhone = db.prepare<[string, number], ContractRow>(DIRECTORY_SQL.byPhone);
  const byKey = db.prepare<[string, number], ContractRow>(DIRECTORY_SQL.byKey);
  const byPhoneTail = db.prepare<[string, number], ContractRow>(DIRECTORY_SQL.byPhoneTail);
  const idsBySerial = db.prepare<[string, number], IdRow>(DIRECTORY_SQL.idsBySerial);
  const idsByFts = db.prepare<[string, number], IdRow>(DIRECTORY_SQL.idsByFts);
  const many = db.prepare<[string], ContractRow>(DIRECTORY_SQL.many);
  const phonesOf = db.prepare<[string], PhoneRow>(DIRECTORY_SQL.phonesOf);
  const serialsOf = db.prepare<[string], SerialRow>(DIRECTORY_SQL.serialsOf);
  const phonesOfOne = db.prepare<[number], PhoneRow>(DIRECTORY_SQL.phonesOfOne);
  const serialsOfOne = db.prepare<[number], SerialRow>(DIRECTORY_SQL.serialsOfOne);
  const countAll = db.prepare<[], { contracts: number; phones: number; devices: number }>(DIRECTORY_SQL.counts);

  /** Rows → records with their phones and serials: one query each for the whole set (no N+1). */
  function hydrate(rows: readonly ContractRow[]): ContractRecord[] {
    if (rows.length === 0) return [];
    const one = rows.length === 1 ? (rows[0] as ContractRow).id : null;
    const ids = one === null ? JSON.stringify(rows.map((r) => r.id)) : '';
    const phones = new Map<number, string[]>();
    for (const p of one === null ? phonesOf.all(ids) : phonesOfOne.all(one)) {
      const list = phones.get(p.contract_id);
      if (list) list.push(p.e164);
      else phones.set(p.contract_id, [p.e164]);
    }
    const devices = new Map<number, string[]>();
    for (const d of one === null ? serialsOf.all(ids) : serialsOfOne.all(one)) {
      const list = devices.get(d.contract_id);
      if (list) list.push(d.serial);
      else devices.set(d.contract_id, [d.serial]);
    }
    return rows.map((r) => ({
      id: r.id,
      contractNo: r.contract_no,
      holderName: r.holder_name,
      address: r.address,
      phones: phones.get(r.id) ?? [],
      devices: devices.get(r.id) ?? [],
      tariff: r.tariff,
      status: r.status,
      balanceKopecks: r.balance_kopecks,
      balanceAt: r.balance_at,
      debtSince: r.debt_since,
    }));
  }

  /** Records for ids, in the order of `ids` (unknown ids are left out). */
  function getMany(ids: readonly number[]): ContractRecord[] {
    if (ids.length === 0) return [];
    if (ids.length === 1) {
      const row = byId.get(ids[0] as number);
      return row ? hydrate([row]) : [];
    }
    const rows = many.all(JSON.stringify(ids));
    const order = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return hydrate(rows);
  }

  const idsOf = (rows: readonly IdRow[]): number[] => rows.map((r) => r.id);

  return {
    /** Contracts with this E.164 number (R-ID-PHONE: several may share it), by id, at most `limit`. */
    findByPhone: (e164: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] => hydrate(byPhone.all(e164, limit).sort(byIdAsc)),
    /**
     * The contract numbers on this E.164 number, in findByPhone's order: the screen pop needs only
     * these while the call rings, so it skips the phones and serials queries of a full record.
     */
    contractNosByPhone: (e164: string, limit = DEFAULT_LOOKUP_LIMIT): string[] =>
      byPhone
        .all(e164, limit)
        .sort(byIdAsc)
        .map((r) => r.contract_no),
    /** Exact match on the canonical number (normalizeContractNo is applied by the caller and the importer). */
    findByContractNo(contractNo: string): ContractRecord | null {
      const row = byNumber.get(contractNo);
      return row ? (hydrate([row])[0] ?? null) : null;
    },
    /**
     * Contracts the operator's typed number names (R-ID-CONTRACT, as dictated: «6», «д6», «D-000006»
     * for «Д-000006»), by id, at most `limit`: one probe of ix_contracts_key, then the letters.
     */
    findByTypedNumber(typed: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] {
      const key = contractNoKey(typed);
      if (key.digits === '') {
        const row = byNumber.get(normalizeContractNo(typed));
        return row ? hydrate([row]) : [];
      }
      // The letters filter runs on the rows of one key: few (one per prefix the desk uses).
      return hydrate(
        byKey
          .all(key.digits, limit)
          .filter((r) => sameContractNo(typed, r.contract_no))
          .sort(byIdAsc),
      );
    },
    /** Contracts with a phone ending in these 7 digits, by id, at most `limit` (one row per contract). */
    findByPhoneTail(tail: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] {
      const seen = new Set<number>();
      const rows = byPhoneTail.all(tail, limit).filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
      return hydrate(rows.sort(byIdAsc));
    },
    findBySerial: (serial: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] => getMany(idsOf(idsBySerial.all(serial, limit)).sort((a, b) => a - b)),
    /**
     * Holder names starting with the prefix (case and ё/е folded), unranked: ranking a large
     * match set costs tens of ms (TOOLCHAIN.md), so the first limit+1 matches are taken and the
     * page is sorted by name. `truncated` says there are more: the operator should type more.
     */
    findBySurnamePrefix(prefix: string, limit: number): { records: ContractRecord[]; truncated: boolean } {
      const match = surnameMatchQuery(prefix);
      if (match === null) return { records: [], truncated: false };
      const ids = idsOf(idsByFts.all(match, limit + 1));
      const truncated = ids.length > limit;
      const records = getMany(truncated ? ids.slice(0, limit) : ids);
      records.sort((a, b) => RU.compare(a.holderName, b.holderName) || RU.compare(a.contractNo, b.contractNo));
      return { records, truncated };
    },
    getById(id: number): ContractRecord | null {
      const row = byId.get(id);
      return row ? (hydrate([row])[0] ?? null) : null;
    },
    getMany,
    counts: (): { contracts: number; phones: number; devices: number } => countAll.get() ?? { contracts: 0, phones: 0, devices: 0 },
  };
}
export type DirectoryRepo = ReturnType<typeof createDirectoryRepo>;
