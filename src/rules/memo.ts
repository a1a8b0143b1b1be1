// Small caches for texts built from a few values (issue 10: the engine at ≥ 0.5 of a bare
// FL-8 function, with its trace). Texts are immutable, so a result may share them; each cache is
// bounded (cleared when full) so a long-running server does not grow with every amount seen.
const LIMIT = 2048;

/** Memoise a function of two primitive keys. */
export function memo2<A, B, V>(fn: (a: A, b: B) => V): (a: A, b: B) => V {
  const outer = new Map<A, Map<B, V>>();
  let size = 0;
  // The last answer, checked first (a case asks for the same text for several subjects).
  let lastA: A | undefined;
  let lastB: B | undefined;
  let lastV: V | undefined;
  let hasLast = false;
  return (a, b) => {
    if (hasLast && a === lastA && b === lastB) return lastV as V;
    let inner = outer.get(a);
    if (!inner) outer.set(a, (inner = new Map()));
    let v = inner.get(b);
    if (v === undefined && !inner.has(b)) {
      if (++size > LIMIT) {
        outer.clear();
        size = 1;
        outer.set(a, (inner = new Map()));
      }
      v = fn(a, b);
      inner.set(b, v);
    }
    lastA = a;
    lastB = b;
    lastV = v;
    hasLast = true;
    return v as V;
  };
}

/** Memoise a function of three primitive keys. */
export function memo3<A, B, C, V>(fn: (a: A, b: B, c: C) => V): (a: A, b: B, c: C) => V {
  const byA = new Map<A, (b: B, c: C) => V>();
  return (a, b, c) => {
    let f = byA.get(a);
    if (!f) {
      if (byA.size > LIMIT) byA.clear();
      byA.set(a, (f = memo2((bb: B, cc: C) => fn(a, bb, cc))));
    }
    return f(b, c);
  };
}
