// TOTP second factor (RFC 6238) through otplib, QR codes through qrcode; recovery codes.
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import { sha256Hex } from '../../files/file-store';

export const TOTP_ISSUER = 'Wenze 问责';
export const RECOVERY_CODE_COUNT = 10;

export const newTotpSecret = (): string => generateSecret();

export function otpauthUri(username: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: username, secret });
}

export const qrDataUrl = (uri: string): Promise<string> => QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 });

/**
 * Checks a 6-digit code at `now` (one 30-second step of tolerance either way). A step at or
 * before `lastStep` is refused, so each code is accepted once. Returns the accepted step or null.
 */
export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const r = verifySync({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return r.valid ? ((r as { timeStep?: number }).timeStep ?? null) : null;
  } catch {
    return null;
  }
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten random codes like `k7m2-x9qp-a4` (about 55 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const b = randomBytes(10);
    const s = [...b].map((x) => CODE_ALPHABET[x % CODE_ALPHABET.length]).join('');
    return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 10)}`;
  });
}

export const normalizeRecoveryCode = (c: string): string => c.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
export const recoveryCodeHash = (c: string): string => sha256Hex(`wenze-recovery:${normalizeRecoveryCode(c)}`);
