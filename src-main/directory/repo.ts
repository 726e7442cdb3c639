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
import { contractNoKey, contractNoMatches } from '../../src-shared/domain/contractNo';
import { normalizeContractNo } from '../../src-shared/domain/identification';
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
  /** JSON arrays made by the same statement (cardCols), in insertion order. */
  phones: string;
  serials: string;
};
type IdRow = { id: number };

const byIdAsc = (a: { id: number }, b: { id: number }): number => a.id - b.id;

/**
 * A contract with its phones and serials in one statement: correlated subqueries probe
 * ix_contract_phones_contract and ix_devices_contract for the row at hand. One step instead of
 * three statements per card took a contract lookup from ~0.037 to ~0.023 ms (p50, 200k rows).
 */
const cardCols = (t: string): string =>
  `${t}.id, ${t}.contract_no, ${t}.holder_name, ${t}.address, ${t}.balance_kopecks, ${t}.balance_at, ${t}.debt_since, ${t}.tariff, ${t}.status, ` +
  `(SELECT json_group_array(e164) FROM contract_phones WHERE contract_id = ${t}.id) AS phones, ` +
  `(SELECT json_group_array(serial) FROM devices WHERE contract_id = ${t}.id) AS serials`;
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
  byId: `SELECT ${cardCols('contracts')} FROM contracts WHERE id = ?`,
  byNumber: `SELECT ${cardCols('contracts')} FROM contracts WHERE contract_no = ?`,
  // contract_key: the digits of the number (src-shared/domain/contractNo.ts), ix_contracts_key.
  byKey: `SELECT ${cardCols('contracts')} FROM contracts WHERE contract_key = ? LIMIT ?`,
  // The last 7 digits, as callers give the local part of a number; ix_contract_phones_tail is an
  // index on this very expression (the planner uses it only when the text is identical).
  byPhoneTail: `SELECT ${cardCols('c')} FROM contract_phones p JOIN contracts c ON c.id = p.contract_id WHERE substr(p.e164, -7) = ? LIMIT ?`,
  byPhone: `SELECT ${cardCols('c')} FROM contract_phones p JOIN contracts c ON c.id = p.contract_id WHERE p.e164 = ? LIMIT ?`,
  contractNosByPhone: 'SELECT c.id, c.contract_no FROM contract_phones p JOIN contracts c ON c.id = p.contract_id WHERE p.e164 = ? LIMIT ?',
  idsBySerial: 'SELECT contract_id AS id FROM devices WHERE serial = ? LIMIT ?',
  idsByFts: 'SELECT rowid AS id FROM contracts_fts WHERE contracts_fts MATCH ? LIMIT ?',
  many: `SELECT ${cardCols('contracts')} FROM contracts WHERE id ${IN_IDS}`,
  counts: 'SELECT (SELECT count(*) FROM contracts) AS contracts, (SELECT count(*) FROM contract_phones) AS phones, (SELECT count(*) FROM devices) AS devices',
} as const;

function toRecord(r: ContractRow): ContractRecord {
  return {
    id: r.id,
    contractNo: r.contract_no,
    holderName: r.holder_name,
    address: r.address,
    phones: JSON.parse(r.phones) as string[],
    devices: JSON.parse(r.serials) as string[],
    tariff: r.tariff,
    status: r.status,
    balanceKopecks: r.balance_kopecks,
    balanceAt: r.balance_at,
    debtSince: r.debt_since,
  };
}

export function createDirectoryRepo(db: Db) {
  const byId = db.prepare<[number], ContractRow>(DIRECTORY_SQL.byId);
  const byNumber = db.prepare<[string], ContractRow>(DIRECTORY_SQL.byNumber);
  const byPhone = db.prepare<[string, number], ContractRow>(DIRECTORY_SQL.byPhone);
  const contractNosByPhone = db.prepare<[string, number], { id: number; contract_no: string }>(DIRECTORY_SQL.contractNosByPhone);
  const byKey = db.prepare<[string, number], ContractRow>(DIRECTORY_SQL.byKey);
  const byPhoneTail = db.prepare<[string, number], ContractRow>(DIRECTORY_SQL.byPhoneTail);
  const idsBySerial = db.prepare<[string, number], IdRow>(DIRECTORY_SQL.idsBySerial);
  const idsByFts = db.prepare<[string, number], IdRow>(DIRECTORY_SQL.idsByFts);
  const many = db.prepare<[string], ContractRow>(DIRECTORY_SQL.many);
  const countAll = db.prepare<[], { contracts: number; phones: number; devices: number }>(DIRECTORY_SQL.counts);

  /** Records for ids, in the order of `ids` (unknown ids are left out). */
  function getMany(ids: readonly number[]): ContractRecord[] {
    if (ids.length === 0) return [];
    if (ids.length === 1) {
      const row = byId.get(ids[0] as number);
      return row ? [toRecord(row)] : [];
    }
    const rows = many.all(JSON.stringify(ids));
    const order = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return rows.map(toRecord);
  }

  const idsOf = (rows: readonly IdRow[]): number[] => rows.map((r) => r.id);

  return {
    /** Contracts with this E.164 number (R-ID-PHONE: several may share it), by id, at most `limit`. */
    findByPhone: (e164: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] => byPhone.all(e164, limit).sort(byIdAsc).map(toRecord),
    /**
     * The contract numbers on this E.164 number, in findByPhone's order: the screen pop needs only
     * these while the call rings, so it skips the card's phones and serials.
     */
    contractNosByPhone: (e164: string, limit = DEFAULT_LOOKUP_LIMIT): string[] =>
      contractNosByPhone
        .all(e164, limit)
        .sort(byIdAsc)
        .map((r) => r.contract_no),
    /** Exact match on the canonical number (normalizeContractNo is applied by the caller and the importer). */
    findByContractNo(contractNo: string): ContractRecord | null {
      const row = byNumber.get(contractNo);
      return row ? toRecord(row) : null;
    },
    /**
     * Contracts the operator's typed number names (R-ID-CONTRACT, as dictated: «6», «д6», «D-000006»
     * for «Д-000006»), by id, at most `limit`. A number typed exactly as the directory has it is
     * that contract: one probe of the unique index, and the dictated key (a probe of
     * ix_contracts_key, then the letters) is only tried when it is not.
     */
    findByTypedNumber(typed: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] {
      const exact = byNumber.get(normalizeContractNo(typed));
      if (exact) return [toRecord(exact)];
      const key = contractNoKey(typed);
      if (key.digits === '') return [];
      // The letters filter runs on the rows of one key: few (one per prefix the desk uses).
      return byKey
        .all(key.digits, limit)
        .filter((r) => contractNoMatches(key, r.contract_no))
        .sort(byIdAsc)
        .map(toRecord);
    },
    /** Contracts with a phone ending in these 7 digits, by id, at most `limit` (one row per contract). */
    findByPhoneTail(tail: string, limit = DEFAULT_LOOKUP_LIMIT): ContractRecord[] {
      const seen = new Set<number>();
      const rows = byPhoneTail.all(tail, limit).filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
      return rows.sort(byIdAsc).map(toRecord);
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
      return row ? toRecord(row) : null;
    },
    getMany,
    counts: (): { contracts: number; phones: number; devices: number } => countAll.get() ?? { contracts: 0, phones: 0, devices: 0 },
  };
}
export type DirectoryRepo = ReturnType<typeof createDirectoryRepo>;
