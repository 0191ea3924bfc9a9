/**
 * Sorting the short lists of names synthesis and policy handle by the thousand (env names,
 * capabilities): an insertion sort in place, which for a handful of items skips the working
 * storage `Array.prototype.sort` allocates. Same order as `.sort()` on strings.
 */

/** Sorts `names` in place (code-unit order, as `.sort()`) and returns it. */
export function sortNames(names: string[]): string[] {
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      j--;
    }
    names[j + 1] = name;
  }
  return names;
}
