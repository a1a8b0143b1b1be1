// Fetches a challenge and solves it in a Web Worker (falling back to the page when workers are
// unavailable); returns the `proof` field the report form sends.
import { get } from '../lib/api';

interface Challenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxNumber: number;
  salt: string;
  signature: string;
}

function inWorker(c: Challenge): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<number | null>) => {
      w.terminate();
      resolve(e.data);
    };
    w.onerror = (e) => {
      w.terminate();
      reject(e);
    };
    w.postMessage({ salt: c.salt, challenge: c.challenge, maxNumber: c.maxNumber });
  });
}

export async function solveChallenge(): Promise<string> {
  const c = await get<Challenge>('/api/v1/public/reports/challenge');
  let n: number | null;
  try {
    if (typeof Worker === 'undefined') throw new Error('no workers');
    n = await inWorker(c);
  } catch {
    const { solve } = await import('./pow-worker');
    n = await solve(c);
  }
  if (n === null) throw new Error('challenge not solved');
  return JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature });
}
