// The master keys that wrap the per-report data keys (issue 9 §3). They are held OUTSIDE the
// database, so a copy of the database or of a backup alone never opens a reporter's identity.
//
// Where they come from (first found wins; docs/reporter-protection.md):
//   1. WENZE_REPORT_KEYS      — `id:base64,id:base64,…` (32 bytes each); the FIRST is current.
//   2. WENZE_REPORT_KEY_FILE  — a file with one `id:base64` per line; the FIRST line is current.
//   3. <data>/report-master.keys — the same file in the data folder; created on first start
//      (mode 0600) with a loud warning when nothing else is configured (configureReportKeyring).
// Older keys stay listed until `wenze keys rotate-report-key` has re-wrapped every data key with
// the current one; a running server re-reads its file when it meets a key id it does not know,
// so a rotation by the CLI needs no restart.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

export interface MasterKey {
  id: string;
  key: Buffer;
}

interface KeyringState {
  keys: MasterKey[];
  /** mtime of the file when read: a rotation by the CLI changes it and the server re-reads */
  mtimeMs?: number;
  /** the file the keys came from (re-read on an unknown key id) */
  file: string | null;
  source: 'env' | 'file' | 'none';
}

let state: KeyringState | null = null;

export const REPORT_KEYS_ENV = 'WENZE_REPORT_KEYS';
export const REPORT_KEY_FILE_ENV = 'WENZE_REPORT_KEY_FILE';
export const DATA_KEY_FILE_NAME = 'report-master.keys';

export function parseKeyList(text: string): MasterKey[] {
  const out: MasterKey[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new Error('report key entries are `id:base64`');
    const key = Buffer.from(line.slice(i + 1).trim(), 'base64');
    if (key.length !== 32) throw new Error(`report key ${line.slice(0, i)} must be 32 bytes (base64)`);
    out.push({ id: line.slice(0, i).trim(), key });
  }
  return out;
}

export const formatKeyLine = (k: MasterKey): string => `${k.id}:${k.key.toString('base64')}`;

export function newMasterKey(now = new Date()): MasterKey {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return { id: `rk-${stamp}-${randomBytes(3).toString('hex')}`, key: randomBytes(32) };
}

function readFileKeys(file: string): MasterKey[] {
  return parseKeyList(fs.readFileSync(file, 'utf8'));
}

function fromEnv(): KeyringState | null {
  const inline = process.env[REPORT_KEYS_ENV];
  if (inline && inline.trim()) return { keys: parseKeyList(inline), file: null, source: 'env' };
  const file = process.env[REPORT_KEY_FILE_ENV];
  if (file && file.trim()) return { keys: readFileKeys(path.resolve(file)), file: path.resolve(file), source: 'file' };
  return null;
}

/**
 * Start-up (the CLI's openDeps, before migrating): the environment, else the key file in the data
 * folder, else a new key file there with a warning. `create: false` (restore, read-only commands)
 * never creates one.
 */
export function configureReportKeyring(opts: { dataDir?: string; create?: boolean; warn?: (msg: string) => void }): void {
  const env = fromEnv();
  if (env) {
    state = env;
    return;
  }
  if (!opts.dataDir) {
    state = { keys: [], file: null, source: 'none' };
    return;
  }
  const file = path.join(opts.dataDir, DATA_KEY_FILE_NAME);
  if (!fs.existsSync(file) && opts.create !== false) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    fs.writeFileSync(file, `# Wenze report master keys (first line current). Keep a copy OUTSIDE the backups.\n${formatKeyLine(newMasterKey())}\n`, { mode: 0o600 });
    const warn = opts.warn ?? ((m: string) => console.error(m));
    warn(
      `警告：未配置举报人信息主密钥，已在 ${file} 生成（权限 0600）。请另行妥善保管该文件；没有它，备份中的举报人身份无法读取。\n` +
        `WARNING: no report master key was configured; one was generated in ${file} (mode 0600). Keep a copy somewhere safe, apart from the backups: without it no reporter identity can be read from a backup.`,
    );
  }
  state = fs.existsSync(file) ? { keys: readFileKeys(file), file, source: 'file' } : { keys: [], file: null, source: 'none' };
}

/** Tests and the restore drill: set the keys directly (empty = no key available). */
export function setReportKeysForTesting(keys: MasterKey[] | null): void {
  state = keys ? { keys, file: null, source: 'env' } : null;
}

function current(): KeyringState {
  if (!state) state = fromEnv() ?? { keys: [], file: null, source: 'none' };
  return state;
}

export function reportKeyMissing(keyId?: string): AppError {
  return new AppError(
    'REPORT_KEY_MISSING',
    {
      zh: keyId ? `缺少举报人信息主密钥（${keyId}）：举报人身份、联系方式和举报内容无法解密。请配置 ${REPORT_KEYS_ENV} 或密钥文件后重试` : `未配置举报人信息主密钥：举报人身份、联系方式和举报内容无法解密或加密。请配置 ${REPORT_KEYS_ENV} 或密钥文件`,
      en: keyId ? `the report master key ${keyId} is missing: reporter identity, contact and report text cannot be decrypted. Configure ${REPORT_KEYS_ENV} or the key file and retry` : `no report master key is configured: reporter identity, contact and report text cannot be encrypted or decrypted. Configure ${REPORT_KEYS_ENV} or the key file`,
    },
    keyId ? { keyId } : undefined,
  );
}

function refreshIfChanged(s: KeyringState): void {
  if (!s.file) return;
  try {
    const m = fs.statSync(s.file).mtimeMs;
    if (s.mtimeMs !== m) {
      s.keys = readFileKeys(s.file);
      s.mtimeMs = m;
    }
  } catch {
    // the file vanished: keep the keys in memory
  }
}

/** The key new data keys are wrapped with (a rotated key file is noticed without a restart). */
export function currentMasterKey(): MasterKey {
  const s = current();
  refreshIfChanged(s);
  const k = s.keys[0];
  if (!k) throw reportKeyMissing();
  return k;
}

/** A key by id; re-reads the key file once when the id is unknown (a rotation by the CLI). */
export function masterKeyById(id: string): MasterKey {
  const s = current();
  let k = s.keys.find((x) => x.id === id);
  if (!k) {
    refreshIfChanged(s);
    k = s.keys.find((x) => x.id === id);
  }
  if (!k) throw reportKeyMissing(id);
  return k;
}

/** Re-reads the key file (after a rotation wrote it). */
export function reloadReportKeyring(): void {
  const s = current();
  s.mtimeMs = undefined;
  refreshIfChanged(s);
}

/** Writes a key file atomically (mode 0600): the first key is the current one. */
export function writeKeyFile(file: string, keys: MasterKey[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `# Wenze report master keys (first line current). Keep a copy OUTSIDE the backups.\n${keys.map(formatKeyLine).join('\n')}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function keyringInfo(): { source: KeyringState['source']; file: string | null; ids: string[] } {
  const s = current();
  return { source: s.source, file: s.file, ids: s.keys.map((k) => k.id) };
}
