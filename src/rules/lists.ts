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
