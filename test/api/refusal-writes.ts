// What a refused request (4xx) may still write — shared by the API fuzzers. Anything else a
// refusal changes is a defect ("bad input changes nothing").
import type { LightMyRequestResponse } from 'fastify';
import type { Operation } from './openapi';

/** A failed login is audited (auth.login_failed) although it is a 401: that append is the only write a 4xx may make. */
const AUDIT_ONLY = ['audit_head', 'audit_log'];
/** A refused sign-in also counts towards the lockout (身份鉴别): the failure counters and locks. */
const SIGN_IN_FAILURE = [...AUDIT_ONLY, 'login_failures', 'login_locks'];
/**
 * Any authenticated request refreshes its session's last-seen time (at most once a minute; the
 * idle timeout of 身份鉴别), refused or not: session bookkeeping, not stored data.
 */
const SESSION_TOUCH = ['sessions'];
/**
 * 入侵防范: a rate-limited request is counted whatever its answer; with the counters in the
 * database (the default on PostgreSQL, so several app servers count together) that is a write.
 */
const RATE_LIMIT_COUNT = ['rate_limit_hits'];

const signInWrites = (op: Pick<Operation, 'key'>, res: Pick<LightMyRequestResponse, 'statusCode'>): string[] =>
  (op.key === 'POST /api/v1/auth/login' || op.key === 'POST /api/v1/auth/login/totp') && [401, 423, 429].includes(res.statusCode)
    ? SIGN_IN_FAILURE
    : op.key === 'POST /api/v1/auth/password' && res.statusCode === 422
      ? SIGN_IN_FAILURE
      : [];

/**
 * 身份保管 (issue 9 §4): a clerk's read of a reporter's identity refused for want of an approved
 * request is itself audited (case_reporter.identity.read_refused), like a failed sign-in.
 */
const identityReadWrites = (op: Pick<Operation, 'key'>, res: Pick<LightMyRequestResponse, 'statusCode'>): string[] =>
  op.key === 'GET /api/v1/cases/{id}/reporter' && res.statusCode === 403 ? AUDIT_ONLY : [];

/**
 * Issue 14: a statistics read first brings the write-time counters up to date from the cases
 * changed since the last read (stats_dirty drained into stats_counters / stats_case_contrib).
 * An unknown table id is refused before that catch-up (`assertStatsTable`), on the export and
 * the drill-down alike; only a drill-down naming a known table but a key the year's figures do
 * not have is refused after it, since that takes the figures to know. The counters are derived
 * from the cases (recounted by `wenze stats rebuild`, left out of backups): a cache brought up
 * to date, not data the request stored. Only those three tables, only on the drill-down.
 */
const STATS_CATCH_UP = ['stats_dirty', 'stats_counters', 'stats_case_contrib'];
const statsReadWrites = (op: Pick<Operation, 'key'>): string[] => (op.key === 'GET /api/v1/stats/drill' ? STATS_CATCH_UP : []);

export const allowedWritesOn4xx = (op: Pick<Operation, 'key'>, res: Pick<LightMyRequestResponse, 'statusCode'>): string[] => [
  ...SESSION_TOUCH,
  ...RATE_LIMIT_COUNT,
  ...signInWrites(op, res),
  ...identityReadWrites(op, res),
  ...statsReadWrites(op),
];
