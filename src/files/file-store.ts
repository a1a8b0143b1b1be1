// Content-addressed file storage: a file's identity is the SHA-256 of its bytes. Local folder by
// default (data/files/ab/cdef…); the interface allows an S3-compatible store later.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileStore {
  put(content: Buffer): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

export const sha256Hex = (content: Buffer | string): string => createHash('sha256').update(content).digest('hex');

const HEX64 = /^[0-9a-f]{64}$/;

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error('invalid sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  async put(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(content);
    const target = this.pathOf(sha256);
    try {
      await fs.access(target);
    } catch {
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      const fh = await fs.open(tmp, 'w');
      try {
        await fh.writeFile(content);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, target);
    }
    return { sha256, size: content.length };
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(sha256));
    } catch {
      return null;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

/** In-memory store for tests. */
export class MemoryFileStore implements FileStore {
  private readonly blobs = new Map<string, Buffer>();
  async put(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(content);
    this.blobs.set(sha256, Buffer.from(content));
    return { sha256, size: content.length };
  }
  async get(sha256: string): Promise<Buffer | null> {
    return this.blobs.get(sha256) ?? null;
  }
  async has(sha256: string): Promise<boolean> {
    return this.blobs.has(sha256);
  }
}
