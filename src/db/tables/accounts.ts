// Sign-in throttling, pending second-factor challenges, recovery codes and the role-grant
// history (migration 0085). See docs/security-accounts.md.

export interface LoginFailureTable {
  id: string;
  /** 'user' (the name as typed, known or not) or 'source' (the client address) */
  kind: string;
  key: string;
  at: string;
}

export interface LoginLockTable {
  kind: string;
  key: string;
  locked_at: string;
  locked_until: string;
}

/** Password accepted, second factor pending: a short-lived token that can do nothing else. */
export interface LoginChallengeTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  /** SHA-256 of the code (codes are random, 50+ bits: no slow hash needed) */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface RoleGrantTable {
  id: string;
  at: string;
  actor_id: string;
  user_id: string;
  /** 'grant' | 'revoke' */
  action: string;
  role: string;
  source_ip: string | null;
  /** 0350: the organisation the role was granted in (null: before 0350, the home organisation) */
  org_id?: string | null;
}

export interface AccountTables {
  login_failures: LoginFailureTable;
  login_locks: LoginLockTable;
  login_challenges: LoginChallengeTable;
  recovery_codes: RecoveryCodeTable;
  role_grants: RoleGrantTable;
}
