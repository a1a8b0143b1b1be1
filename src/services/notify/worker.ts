// The outbox worker: claims due rows with a lease (several app servers may run one each; a row
// is held by one worker at a time), sends each (e-mail through SMTP with nodemailer, webhooks as
// JSON over HTTP), marks it sent, or schedules a retry with exponential backoff. Rows survive a
// restart: a worker that dies leaves its lease to expire and another worker takes the row.
// The Message-ID of an e-mail is the outbox row's id, so a receiver can tell a resend.
import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../context';
import { claimOutbox, markFailed, markSent, releaseLeases, type OutboxRow } from '../../repositories/notify/notify-repo';
import type { OutboxPayload } from './notify';
import { readWebhookAllowList, webhookAllowed } from './webhook-allow';

export interface WorkerOptions {
  /** SMTP: an smtp:// URL or nodemailer transport options; null: e-mail rows wait */
  smtp?: string | Record<string, unknown> | null;
  from?: string;
  /** name of this worker in leases (default: random) */
  owner?: string;
  batchSize?: number;
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  /** first retry after this long; doubles each attempt, at most one hour */
  backoffMs?: number;
  webhookTimeoutMs?: number;
  /** called after each row is marked sent (tests, bench) */
  onSent?: (row: OutboxRow) => void;
}

export const backoffDelay = (attempt: number, base: number): number => Math.min(base * 2 ** Math.max(0, attempt - 1), 3_600_000);

export class OutboxWorker {
  readonly owner: string;
  private readonly o: Required<Omit<WorkerOptions, 'smtp' | 'onSent' | 'owner'>> & Pick<WorkerOptions, 'onSent'>;
  private transporter: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;
  private killed = false;
  private holding: string[] = [];

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock'>,
    opts: WorkerOptions = {},
  ) {
    this.owner = opts.owner ?? `w-${randomBytes(6).toString('hex')}`;
    this.o = {
      from: opts.from ?? 'Wenze 问责 <noreply@localhost>',
      batchSize: opts.batchSize ?? 20,
      leaseMs: opts.leaseMs ?? 120_000,
      pollMs: opts.pollMs ?? 2_000,
      maxAttempts: opts.maxAttempts ?? 8,
      backoffMs: opts.backoffMs ?? 30_000,
      webhookTimeoutMs: opts.webhookTimeoutMs ?? 10_000,
      onSent: opts.onSent,
    };
    // SMTP timeouts well inside the lease: a send never outlives the worker's hold on its row
    // (nodemailer's defaults would wait up to 10 minutes on a silent socket).
    const smtp = typeof opts.smtp === 'string' ? { url: opts.smtp } : opts.smtp;
    this.transporter = smtp ? nodemailer.createTransport({ connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000, ...smtp } as Parameters<typeof nodemailer.createTransport>[0]) : null;
  }

  /** One round: claim a batch and send it. Returns how many rows were sent. */
  async runOnce(): Promise<number> {
    if (this.stopping || this.killed) return 0;
    const now = this.deps.clock.now();
    const rows = await claimOutbox(this.deps.db, this.owner, now.toISOString(), new Date(now.getTime() + this.o.leaseMs).toISOString(), this.o.batchSize);
    this.holding = rows.map((r) => r.id);
    // the allow-list again at send time: a URL saved before the list changed is not sent to
    const allow = rows.some((r) => r.channel === 'webhook') ? await readWebhookAllowList(this.deps.db.kysely) : [];
    let sent = 0;
    for (const row of rows) {
      if (this.killed) return sent; // as a process that died: leases are left to expire
      if (this.stopping) break;
      if (row.channel === 'email' && !this.transporter) {
        this.holding = this.holding.filter((id) => id !== row.id);
        await releaseLeases(this.deps.db, this.owner, [row.id]);
        continue;
      }
      if (row.channel === 'webhook' && !webhookAllowed(row.target, allow)) {
        await markFailed(this.deps.db, row.id, this.owner, 'WEBHOOK_NOT_ALLOWED: the target is not on the webhook allow-list', this.deps.clock.now().toISOString(), true);
        this.holding = this.holding.filter((id) => id !== row.id);
        continue;
      }
      try {
        await this.send(row);
        if (await markSent(this.deps.db, row.id, this.owner, this.deps.clock.now().toISOString())) {
          sent++;
          this.o.onSent?.(row);
        }
      } catch (err) {
        const attempt = row.attempts + 1;
        const dead = attempt >= this.o.maxAttempts;
        const next = new Date(this.deps.clock.now().getTime() + backoffDelay(attempt, this.o.backoffMs)).toISOString();
        await markFailed(this.deps.db, row.id, this.owner, err instanceof Error ? err.message : String(err), next, dead);
      }
      this.holding = this.holding.filter((id) => id !== row.id);
    }
    if (this.holding.length && !this.killed) await releaseLeases(this.deps.db, this.owner, this.holding);
    this.holding = [];
    return sent;
  }

  /** Runs rounds until nothing is due (tests, bench). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  private async send(row: OutboxRow): Promise<void> {
    const p = JSON.parse(row.payload) as OutboxPayload;
    if (row.channel === 'email') {
      await this.transporter!.sendMail({ from: this.o.from, to: row.target, subject: p.subject, text: p.text, textEncoding: 'base64', messageId: `<${row.id}@wenze.outbox>` });
      return;
    }
    if (row.channel === 'webhook') {
      const res = await fetch(row.target, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-wenze-delivery': row.id },
        body: JSON.stringify(p.json ?? { msgtype: 'text', text: { content: p.text } }),
        signal: AbortSignal.timeout(this.o.webhookTimeoutMs),
        // no redirect is followed (it could lead to a host off the allow-list): a 3xx fails
        redirect: 'manual',
      });
      const body = await res.text();
      if (res.status >= 300 && res.status < 400) throw new Error(`webhook HTTP ${res.status}: redirects are not followed`);
      if (!res.ok) throw new Error(`webhook HTTP ${res.status}`);
      // 钉钉/企业微信 robots answer 200 with { errcode, errmsg }; a non-zero errcode is a failure
      try {
        const j = JSON.parse(body) as { errcode?: unknown };
        if (typeof j.errcode === 'number' && j.errcode !== 0) throw new Error(`webhook errcode ${j.errcode}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('webhook errcode')) throw e;
      }
      return;
    }
    throw new Error(`unknown channel ${row.channel}`);
  }

  /** Polls every `pollMs` until stopped. */
  start(): void {
    if (this.timer || this.stopping) return;
    const tick = (): void => {
      this.running = this.drain().catch(() => 0);
      void this.running.finally(() => {
        this.running = null;
        if (!this.stopping && !this.killed) this.timer = setTimeout(tick, this.o.pollMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops in order: the message being sent is finished, claimed rows not yet sent are given back. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.transporter?.close();
  }

  /** As if the process died after the message in hand: no more sends, leases left to expire. */
  kill(): void {
    this.killed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.transporter?.close();
  }
}
