// Small-list helper of the rules engine (issue 10: fewer allocations per evaluation). A push
// onto an array of exact size (a literal, a slice) reallocates it with 16 spare slots; most of
// the engine's lists end with one to four elements, so they are copied at their exact size
// instead. Returns the list to keep (a new array for short lists, the same one otherwise).
export function plus<T>(list: T[], v: T): T[] {
  switch (list.length) {
    case 0:
      return [v];
    case 1:
      return [list[0]!, v];
    case 2:
      return [list[0]!, list[1]!, v];
    case 3:
      return [list[0]!, list[1]!, list[2]!, v];
    default:
      list.push(v);
      return list;
  }
}

/**
 * A matcher of a fixed list of up to 31 ids, built once: the bit of each id of `ids` found in `cs`
 * (bit k for ids[k]), by one walk of `cs` (a person's one or two circumstances) instead of an
 * includes() per id.
 */
export function idBits(ids: readonly string[]): (cs: readonly string[]) => number {
  if (ids.length > 31) throw new Error(`idBits: at most 31 ids (${ids.length})`);
  const bit: ReadonlyMap<string, number> = new Map(ids.map((id, k) => [id, 1 << k] as const));
  return (cs) => {
    let bits = 0;
    for (let i = 0; i < cs.length; i++) bits |= bit.get(cs[i]!) ?? 0;
    return bits;
  };
}
