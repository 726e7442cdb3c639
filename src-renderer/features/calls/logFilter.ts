/**
 * R-CALL-REPEAT: the call log is searched by number, contract, date and operator. The form's text
 * → the `calls:log` filter (pure, unit-tested). Dates are Moscow calendar days (UX.md).
 */
import { normalizePhone } from '../../../src-shared/domain/phone';
import { parseDay } from '../../lib/dayInput';
import type { LogFilter } from '../../shared/queryKeys';
import { MOSCOW_OFFSET } from '../../../src-shared/worktime/moscow';

export type LogForm = { readonly number: string; readonly contractNo: string; readonly from: string; readonly to: string; readonly operator: string };
export const EMPTY_LOG_FORM: LogForm = { number: '', contractNo: '', from: '', to: '', operator: '' };

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
