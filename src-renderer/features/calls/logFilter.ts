/**
 * R-CALL-REPEAT: the call log is searched by number, contract, date and operator. The form's text
 * → the `calls:log` filter (pure, unit-tested). Dates are Moscow calendar days (UX.md).
 */
import { normalizePhone } from '../../../src-shared/domain/phone';
import { MOSCOW_OFFSET } from '../../../src-shared/worktime/moscow';
import type { LogFilter } from '../softphone/queries';

export type LogForm = { readonly number: string; readonly contractNo: string; readonly from: string; readonly to: string; readonly operator: string };
export const EMPTY_LOG_FORM: LogForm = { number: '', contractNo: '', from: '', to: '', operator: '' };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const RU_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** "21.11.2026" (as people type it) or "2026-11-21" → "2026-11-21"; null when it is not a real date. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DAY.exec(t);
  const ru = RU_DAY.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (ru) [y, m, d] = [Number(ru[3]), Number(ru[2]), Number(ru[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function toLogFilter(f: LogForm): LogFilter {
  const out: { -readonly [K in keyof LogFilter]: LogFilter[K] } = {};
  const number = f.number.trim();
  if (number !== '') {
    // A phone typed in any Russian form matches the stored E.164; digits of an extension as typed.
    const p = normalizePhone(number);
    out.number = p.ok ? p.e164 : number.slice(0, 32);
  }
  if (f.contractNo.trim() !== '') out.contractNo = f.contractNo.trim().slice(0, 64);
  const from = parseDay(f.from);
  const to = parseDay(f.to);
  if (from) out.from = `${from}T00:00:00.000${MOSCOW_OFFSET}`;
  if (to) out.to = `${to}T23:59:59.999${MOSCOW_OFFSET}`;
  if (f.operator.trim() !== '') out.operator = f.operator.trim().slice(0, 64);
  return out;
}

/** Milliseconds → "0:42" / "12:05" for the wait and talk columns; empty when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
