/**
 * Folding for search keys: lower case, `ё` read as `е` (Russian writers use either), runs of
 * whitespace collapsed. Used for FTS rows, surname comparison (R-ID-CONTRACT) and queries alike,
 * so both sides of every comparison are folded the same way.
 */
export function foldText(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}
