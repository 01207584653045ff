/**
 * "Did you mean …" for a misspelt property name: the known name nearest to it, when one is near enough to be
 * the one meant (another case, a letter or two off). No suggestion rather than a wrong one.
 */

/** The known name the user probably meant, or undefined. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = known.find((k) => k.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  // Up to 1 edit per 4 letters, at most 3: "recoveryPointArm" finds recoveryPointArn, "vaultName" finds nothing.
  const allowed = Math.min(3, Math.floor(name.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(lower, k.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** Levenshtein distance (insert, delete, substitute), two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
