/**
 * Dates as operators type them (UX.md): «21.11.2026», or ISO. The browser's own date picker follows
 * the workstation's language, not the console's, so forms take text. Pure; unit-tested.
 */

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
