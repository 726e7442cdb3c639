/**
 * What text the console accepts from anyone else: the renderer, a CSV file, a SIP header, the
 * network. One predicate and two zod builders, so every string field of the contract, every
 * directory column and every caller ID refuses the same characters for the same reason:
 *
 * - C0 controls (NUL, ESC, …), DEL and C1 controls: they break logs, terminals, CSV reports and
 *   SQLite's C-string APIs; a multi-line field still takes TAB, LF and CR.
 * - Unicode bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
 *   bare direction marks (U+200E, U+200F, U+061C): they reorder what an operator reads
 *   ("Trojan Source"), so a name or a phone could display as something it is not.
 * - Lone surrogates: not text at all (JSON can carry them, SQLite would store garbage).
 * - U+FEFF inside text and the interlinear annotation controls U+FFF9–U+FFFB: invisible.
 */
import { z } from 'zod';
import { issueParams } from './issues';

const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]|\p{Cs}/u;
const UNSAFE_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]|\p{Cs}/u;

/** The first character a field may not hold, as `U+XXXX`, or null when the text is clean. */
export function unsafeCharIn(s: string, opts: { multiline?: boolean } = {}): string | null {
  const m = (opts.multiline ? UNSAFE_MULTILINE : UNSAFE_LINE).exec(s);
  if (!m) return null;
  const cp = m[0].codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The message every layer uses for such a character (the renderer maps it by its prefix). */
export function unsafeCharMessage(code: string): string {
  return `contains a control or text-direction character (${code})`;
}

/** Removes what `unsafeCharIn` refuses: for text we must keep but cannot refuse (a caller's SIP display name, a log line). */
export function stripUnsafeChars(s: string, opts: { multiline?: boolean } = {}): string {
  const re = new RegExp((opts.multiline ? UNSAFE_MULTILINE : UNSAFE_LINE).source, 'gu');
  return s.replace(re, '');
}

/** One line of text from outside: at most `max` characters, no control or direction characters. */
// `abort`: a string over its limit is refused without scanning it (a multi-MB field from a hostile
// client cost ~40 ms of regex and trim per field before; the limit alone answers it).
export function safeLine(max: number) {
  return z
    .string()
    .max(max, { abort: true })
    .refine((s) => unsafeCharIn(s) === null, {
      error: (iss) => unsafeCharMessage(unsafeCharIn(String(iss.input)) ?? ''),
      params: issueParams('unsafeChar'),
    });
}

/** Free text that may span lines (a note, a problem description): TAB, LF and CR allowed. */
export function safeText(max: number) {
  return z
    .string()
    .max(max, { abort: true })
    .refine((s) => unsafeCharIn(s, { multiline: true }) === null, {
      error: (iss) => unsafeCharMessage(unsafeCharIn(String(iss.input), { multiline: true }) ?? ''),
      params: issueParams('unsafeChar'),
    });
}
