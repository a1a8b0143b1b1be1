// 身份鉴别 (GB/T 22239-2019 8.1.4.1 a): password complexity. Applied on every path that sets a
// password: first-run setup, accounts created by the system administrator, seeding, a reset
// and the owner's own change. Every failed rule is named in the refusal (zh + en).
import { AppError } from '../../errors';
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 10;

export interface PolicyFailure {
  rule: 'length' | 'classes' | 'username' | 'common';
  zh: string;
  en: string;
}

export function passwordPolicyFailures(password: string, username?: string): PolicyFailure[] {
  const out: PolicyFailure[] = [];
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH || password.trim().length === 0) {
    out.push({ rule: 'length', zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位，且不能全是空格`, en: `at least ${PASSWORD_MIN_LENGTH} characters, not only spaces` });
  }
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}\s]/u].filter((re) => re.test(password)).length;
  if (classes < 3) {
    out.push({
      rule: 'classes',
      zh: '密码须包含小写字母、大写字母、数字、符号四类中的至少三类（空格不计）',
      en: 'use at least three of: lowercase letters, uppercase letters, digits, symbols (spaces do not count)',
    });
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    out.push({ rule: 'username', zh: '密码不得包含用户名', en: 'the password must not contain the username' });
  }
  if (COMMON_PASSWORDS.has(password.trim().toLowerCase())) {
    out.push({ rule: 'common', zh: '该密码过于常见，容易被猜中', en: 'this password is too common and easy to guess' });
  }
  return out;
}

/** Throws PASSWORD_POLICY naming every rule the password breaks. */
export function checkPasswordPolicy(password: string, username?: string, field = 'password'): void {
  const f = passwordPolicyFailures(password, username);
  if (f.length === 0) return;
  throw new AppError(
    'PASSWORD_POLICY',
    { zh: f.map((x) => x.zh).join('；'), en: f.map((x) => x.en).join('; ') },
    { rules: f.map((x) => x.rule), fields: [{ path: field, code: 'password_policy', zh: f.map((x) => x.zh).join('；'), en: f.map((x) => x.en).join('; ') }] },
  );
}
