// Issue 10: the rules engine of two source trees compared in ONE process, rounds alternating
// (A, B, A, B, …), so both see the same load on a shared machine. Each round runs the engine on
// the rotating cases of `npm run bench:rules` (bench/rules-cases.ts, with its trace) for 250 ms
// and takes its rate per CPU-second; the best and the median of each side are printed.
//   git archive <rev> src bench package.json | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
//   A=/tmp/before B="$PWD" node --import tsx bench/rules-ab.ts 20
import { cpuUsage } from 'node:process';

type Ev = (f: unknown) => { trace: unknown };
const [ra, rb] = [process.env.A, process.env.B];
if (!ra || !rb) throw new Error('set A and B to the two source trees (absolute paths)');
const load = async (root: string): Promise<{ evaluate: Ev; rotation: unknown[] }> => ({
  evaluate: ((await import(`${root}/src/rules/index.ts`)) as { evaluate: Ev }).evaluate,
  rotation: ((await import(`${root}/bench/rules-cases.ts`)) as { ROTATION: unknown[] }).ROTATION,
});
const A = await load(ra);
const B = await load(rb);
const rounds = Number(process.argv[2] ?? 20);

function rate({ evaluate, rotation }: { evaluate: Ev; rotation: unknown[] }): number {
  let k = 0;
  let n = 0;
  const c0 = cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < 250) {
    for (let i = 0; i < 1000; i++) void evaluate(rotation[k++ % rotation.length]).trace;
    n += 1000;
  }
  const c = cpuUsage(c0);
  return (n / (c.user + c.system)) * 1e6;
}

for (let i = 0; i < 30_000; i++) {
  A.evaluate(A.rotation[i % A.rotation.length]);
  B.evaluate(B.rotation[i % B.rotation.length]);
}
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < rounds; r++) {
  a.push(rate(A));
  b.push(rate(B));
}
const median = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1]!;
const f = (x: number): string => Math.round(x).toLocaleString('en-US');
const best = (x: number[]): number => Math.max(...x);
console.log(
  `A best ${f(best(a))} median ${f(median(a))} | B best ${f(best(b))} median ${f(median(b))} per CPU-second | ` +
    `B/A best ${(best(b) / best(a)).toFixed(3)} median ${(median(b) / median(a)).toFixed(3)}`,
);
