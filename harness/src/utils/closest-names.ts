/**
 * "Did you mean": the candidates nearest a mistyped name, for messages and notes. A
 * candidate that contains the name (or is contained in it) ranks first, then by edit
 * distance; names farther than about a third of their length are not suggested.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const word = name.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    const c = candidate.toLowerCase();
    if (c === word) continue;
    const contains = word.length >= 3 && (c.includes(word) || word.includes(c) && c.length >= 3);
    const distance = contains ? 0 : editDistance(word, c);
    if (contains || distance <= Math.max(2, Math.floor(Math.max(word.length, c.length) / 3))) scored.push([candidate, distance]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([c]) => c);
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}
