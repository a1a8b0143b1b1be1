// The reviewed list of routes reachable without an account. The fuzz test fails for any other
// route that answers an anonymous caller with anything but 401, so a new public route cannot
// slip in unreviewed: add it here with the reason. (Outside the document, /openapi.json itself is
// public too — the API's shape is no secret; see authz.test.ts.)
export const PUBLIC_ROUTES = [
  'GET /api/health', // load balancers; says nothing but the engine and version
  'GET /api/health/live', // liveness probe: {status: ok}, no database access
  'GET /api/health/ready', // readiness probe: engine and reasons (no error details), 503 when not ready
  'GET /api/v1/setup/status', // the first-run screen asks whether an administrator exists
  'POST /api/v1/setup', // once only: SETUP_DONE as soon as any user exists
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/login/totp', // step two of signing in: needs the pending token from step one
  'GET /api/v1/public/orgs', // issue 11: names of the commissions accepting online reports (the reporter chooses one); nothing else
  'POST /api/v1/public/reports', // FL-4: anyone may report, without an account (rate limited)
  // issue 9, the reporter channel (reviewed): no account, rate limited per address, nothing
  // identifying written to the log or the audit trail; the receipt code only ever in a POST body
  // (the old GET /public/reports/{receiptCode} is gone: URLs end up in logs and proxies).
  'GET /api/v1/public/reports/challenge', // a signed proof-of-work puzzle; stateless, no data
  'POST /api/v1/public/reports/form', // FL-4 report with files: proof of work checked before any file byte is kept
  'POST /api/v1/public/reports/follow-up', // status and thread for the holder of the code (argon2-verified); reads only
  'POST /api/v1/public/reports/messages', // the holder of the code answers or adds files; audited without content
  'GET /api/v1/public/notices', // FL-5(4): notices published to the public — the redacted 公开通报 only, never the reporter (rate limited)
  'GET /api/v1/public/documents/verify', // issue 13: does a copy match the issued document (number + SHA-256; says nothing unless both match; rate limited)
] as const;

export const isPublicRoute = (key: string): boolean => (PUBLIC_ROUTES as readonly string[]).includes(key);
