// The proof-of-work solver (issue 9 anti-abuse check, src/lib/proof-of-work.ts): tries 0, 1, 2 …
// until SHA-256(salt + n) is the challenge. In a Web Worker so the page stays responsive.
interface Task {
  salt: string;
  challenge: string;
  maxNumber: number;
}

const hex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export async function solve(t: Task): Promise<number | null> {
  const enc = new TextEncoder();
  for (let n = 0; n <= t.maxNumber; n++) {
    if (hex(await crypto.subtle.digest('SHA-256', enc.encode(t.salt + n))) === t.challenge) return n;
  }
  return null;
}

// In a worker: answer each task with its number (or null).
if ('WorkerGlobalScope' in globalThis) {
  self.onmessage = async (e: MessageEvent<Task>) => {
    (self as unknown as Worker).postMessage(await solve(e.data));
  };
}
