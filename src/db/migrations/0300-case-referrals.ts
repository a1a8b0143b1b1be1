// Issue 10 point 3: WC-9(3) / FL-12 referral duties as first-class records. One row per duty
// (case, subject, receiving body) with its citations: recorded as made (date + document) or
// waived (reason), by whom and when; org-scoped like its case. Referrals recorded before this
// table in the decision step's data (case_steps.data.items[].referrals) are copied in.
import { sql, type Kysely } from 'kysely';

interface StepRow {
  id: string;
  case_id: string;
  data: string;
  actor_id: string | null;
  at: string;
}

interface OldItem {
  subjectPersonId?: string;
  referrals?: { body?: string; madeOn?: string; documentRef?: string; waivedReason?: string }[];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().defaultTo('org-default'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('subject_person_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('rule_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('made_on', 'text')
    .addColumn('document_ref', 'text')
    .addColumn('document_id', 'text')
    .addColumn('waived_reason', 'text')
    .addColumn('decision_id', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_referrals_duty').unique().on('case_referrals').columns(['case_id', 'subject_person_id', 'body']).execute();
  await db.schema.createIndex('case_referrals_org').on('case_referrals').column('org_id').execute();

  await copyStepReferrals(db);
}

/** Referrals kept in the decision step's data until now, copied in (exported for its test). */
export async function copyStepReferrals(db: Kysely<unknown>): Promise<void> {
  const steps = (await sql<StepRow>`SELECT s.id, s.case_id, s.data, s.actor_id, s.at FROM case_steps s WHERE s.action = 'decide' ORDER BY s.at`.execute(db)).rows;
  for (const s of steps) {
    let data: { decisionId?: string; items?: OldItem[] };
    try {
      data = JSON.parse(s.data) as typeof data;
    } catch {
      continue;
    }
    const org = (await sql<{ org_id: string }>`SELECT org_id FROM cases WHERE id = ${s.case_id}`.execute(db)).rows[0]?.org_id ?? 'org-default';
    for (const it of data.items ?? []) {
      for (const r of it.referrals ?? []) {
        if (!it.subjectPersonId || !r.body) continue;
        const made = Boolean(r.documentRef?.trim());
        if (!made && !r.waivedReason?.trim()) continue;
        await sql`DELETE FROM case_referrals WHERE case_id = ${s.case_id} AND subject_person_id = ${it.subjectPersonId} AND body = ${r.body}`.execute(db);
        await sql`INSERT INTO case_referrals (id, org_id, case_id, subject_person_id, body, rule_ids, status, made_on, document_ref, waived_reason, decision_id, recorded_by, recorded_at)
          VALUES (${`${s.id}-${r.body}-${it.subjectPersonId}`.slice(0, 120)}, ${org}, ${s.case_id}, ${it.subjectPersonId}, ${r.body}, '[]', ${made ? 'made' : 'waived'},
                  ${r.madeOn ?? null}, ${made ? r.documentRef!.trim() : null}, ${made ? null : r.waivedReason!.trim()}, ${data.decisionId ?? null}, ${s.actor_id}, ${s.at})`.execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_referrals').ifExists().execute();
}
