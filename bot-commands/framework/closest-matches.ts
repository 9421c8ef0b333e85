import { editDistance } from './edit-distance.js';
import { hasNonAscii } from './fold-width.js';

/** How many edits still count as a typo for a word of this many characters. */
function tolerance(length: number): number {
  if (length <= 2) return 1;
  if (length <= 5) return 2;
  return 3;
}

/**
 * Candidates close to `input`, best first: a small edit distance (scaled to the length, so
 * "客护"→"客户" and "custmer"→"customer" match but "ab"→"log" does not) or `input` being a
 * prefix of at least three characters ("cust"→"customer"). Case-insensitive.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const wanted = input.toLowerCase();
  const len = Array.from(wanted).length;
  if (len === 0) return [];
  const scored: { candidate: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (seen.has(c)) continue;
    seen.add(c);
    const distance = editDistance(wanted, c);
    const cLen = Array.from(c).length;
    if (distance <= tolerance(Math.min(len, cLen)) && distance < Math.max(len, cLen)) {
      scored.push({ candidate, score: distance });
    } else if (len >= 3 && c.startsWith(wanted)) {
      scored.push({ candidate, score: 0.5 });
    } else if (len >= 2 && hasNonAscii(wanted) && (c.includes(wanted) || wanted.includes(c))) {
      scored.push({ candidate, score: 1.5 });
    }
  }
  return scored.sort((x, y) => x.score - y.score).slice(0, limit).map((s) => s.candidate);
}
