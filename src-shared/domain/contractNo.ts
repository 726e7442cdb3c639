/**
 * How a contract number is matched when a caller dictates it (R-ID-CONTRACT). People say «шесть»
 * for «Д-000006», type «д6», «000006» or a Latin «D-000006», and a spreadsheet export may have
 * turned the dash into an en dash. One key for the directory (indexed column `contract_key`) and
 * for every query, in search and in verification alike, so the two can never disagree.
 *
 * - digits: the digit runs of the number, each without leading zeros, joined by "-"
 *   («Д-000006» → "6", «ИН-2024/0153» → "2024-153"). Indexed: a lookup by it is one index probe.
 * - letters: the letters, upper case, Latin look-alikes and dictated Latin letters read as the
 *   Cyrillic letter («D» → «Д», «H» → «Н», «ё» → «Е»), separators dropped («ИН»).
 * A query matches a contract when the digits are equal and, if the query names letters, the
 * letters are equal too: «6» finds «Д-000006» (and «ИН-000006», if the desk has both).
 */

export type ContractNoKey = { readonly digits: string; readonly letters: string };

// Latin letters read as Cyrillic: first the look-alikes (what a Latin keyboard layout types for
// «А», «В», «Е», «К», «М», «Н», «О», «Р», «С», «Т», «Х», «У»), then the dictated ones
// («дэ» is written «D»). A Latin letter with no Cyrillic reading stays as it is.
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
  D: 'Д',
  F: 'Ф',
  G: 'Г',
  I: 'И',
  L: 'Л',
  N: 'Н',
  R: 'Р',
  S: 'С',
  U: 'У',
  V: 'В',
  Z: 'З',
};

// Runs of ASCII digits or of letters; everything else (spaces, dashes, slashes, dots) separates.
const RUNS = /[0-9]+|\p{L}+/gu;

function digitRun(run: string): string {
  const stripped = run.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

function letterRun(run: string): string {
  let out = '';
  for (const ch of run.toUpperCase()) out += ch === 'Ё' ? 'Е' : (LATIN_TO_CYRILLIC[ch] ?? ch);
  return out;
}

/** The key of a contract number or of what the operator typed for one (see the module comment). */
export function contractNoKey(input: string): ContractNoKey {
  const digits: string[] = [];
  let letters = '';
  for (const m of input.matchAll(RUNS)) {
    const run = m[0];
    if (/^[0-9]/.test(run)) digits.push(digitRun(run));
    else letters += letterRun(run);
  }
  return { digits: digits.join('-'), letters };
}

/** Whether a typed number names this contract: same digits, and the same letters if any were typed. */
export function contractNoMatches(typed: ContractNoKey, contractNo: string): boolean {
  if (typed.digits === '') return false;
  const key = contractNoKey(contractNo);
  return key.digits === typed.digits && (typed.letters === '' || key.letters === typed.letters);
}
