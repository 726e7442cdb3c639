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
  return scanKey(input) ?? runsKey(input);
}

/**
 * The same key in one pass over the characters, for the text numbers are made of: ASCII, Russian
 * letters and the usual dashes and spaces. The importer computes a key per row (1M rows), and the
 * regex runs below cost ~2–5 µs a number against ~0.3 µs here. Null for any other character
 * (another script, a letter this pass does not know): runsKey decides those.
 */
function scanKey(input: string): ContractNoKey | null {
  let digits = '';
  let letters = '';
  let run = ''; // the digit run being read, its leading zeros already dropped
  let inDigits = false;
  let zeros = false; // the run so far was only zeros
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (!inDigits) {
        inDigits = true;
        run = '';
        zeros = false;
      }
      if (c === 48 && run === '') zeros = true;
      else run += input[i];
      continue;
    }
    if (inDigits) {
      digits += (digits === '' ? '' : '-') + (run === '' && zeros ? '0' : run);
      inDigits = false;
    }
    if (c >= 65 && c <= 90) letters += LATIN_TO_CYRILLIC[input[i] as string] ?? input[i];
    else if (c >= 97 && c <= 122) {
      const up = String.fromCharCode(c - 32);
      letters += LATIN_TO_CYRILLIC[up] ?? up;
    } else if (c >= 0x410 && c <= 0x42f) letters += input[i];
    else if (c >= 0x430 && c <= 0x44f) letters += String.fromCharCode(c - 32);
    else if (c === 0x401 || c === 0x451) letters += 'Е';
    else if (c > 127 && !SEPARATORS.has(c)) return null;
    // What is left (ASCII punctuation and spaces, the usual dashes) only separates runs.
  }
  if (inDigits) digits += (digits === '' ? '' : '-') + (run === '' && zeros ? '0' : run);
  return { digits, letters };
}

// No-break and thin spaces, the dashes a spreadsheet or a keyboard layout puts in a number, «№».
const SEPARATORS = new Set([0xa0, 0x2007, 0x2009, 0x202f, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2116]);

/** The key by its definition: runs of digits and of letters (any script), everything else separates. */
function runsKey(input: string): ContractNoKey {
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
