// Units (委属各单位、机关各科室) as a tree: the commission at the root, its sections (科室) and
// subordinate units (委属单位) below, which may have their own sub-units. Units are never
// deleted — people and original cases keep pointing at them — only deactivated.
import { ctxForRecord, rawId } from '../orgs/acting-in';
import type { Kysely, Selectable } from 'kysely';
import { activeDependantsOfUnit, insertUnitRow, lockUnitsTable, shortCodeTaken, unitRowById, unitRowByShortCode, unitRows, updateUnitAtVersion } from '../../repositories/registers/units-repo';
import type { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import type { Database } from '../../db/schema';
import type { UnitTable } from '../../db/tables/registers';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { DEFAULT_ORG_ID } from '../../policies/org-scope';
import type { Ctx } from '../context';
import {
  assertUpdated,
  bool,
  checkVersion,
  duplicateError,
  guardDuplicate,
  queryOf,
  refError,
  txActorOf,
  type DbOrTx,
  type InTxActor,
} from './internal';
import {
  MAX_UNIT_DEPTH,
  unitCreateSchema,
  unitMoveSchema,
  unitTreeQuerySchema,
  unitUpdateSchema,
  versionOnlySchema,
  type Unit,
  type UnitCreateInput,
  type UnitNode,
} from './schemas';

type UnitRow = Selectable<UnitTable>;

export const toUnit = (r: UnitRow): Unit => ({
  id: r.id,
  name: r.name,
  shortCode: r.short_code,
  parentId: r.parent_id,
  kind: r.kind,
  active: bool(r.active),
  sortOrder: Number(r.sort_order),
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const UNIT = { zh: '单位简码', en: 'Unit short code' };

/** Every unit (a commission has tens, not thousands): trees and descendant sets are built in memory. */
export async function loadUnits(dbOrTx: DbOrTx, orgScope?: readonly string[]): Promise<Unit[]> {
  const rows = await unitRows(queryOf(dbOrTx), orgScope);
  return rows.map(toUnit);
}

/** Nests units under their parents, keeping the given order among siblings. */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>(units.map((u) => [u.id, { ...u, children: [] }]));
  const roots: UnitNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The unit and every unit below it. */
export function unitAndDescendantIds(units: readonly Pick<Unit, 'id' | 'parentId'>[], unitId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const out = new Set<string>();
  const stack = [unitId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

export async function listUnitTree(ctx: Ctx, rawQuery: unknown = {}): Promise<UnitNode[]> {
  authorize(ctx.actor, 'registers.read');
  const q = parseInput(unitTreeQuerySchema, rawQuery);
  const units = await loadUnits(ctx.db, ctx.actor.orgScope);
  // An inactive unit hides its whole subtree unless asked for, so the tree stays a tree.
  const shown = q.includeInactive ? units : activeSubtrees(units);
  return buildUnitTree(shown);
}

function activeSubtrees(units: Unit[]): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const visible = (u: Unit): boolean => {
    for (let cur: Unit | undefined = u, n = 0; cur && n <= units.length; cur = cur.parentId ? byId.get(cur.parentId) : undefined, n++) {
      if (!cur.active) return false;
    }
    return true;
  };
  return units.filter(visible);
}

export async function getUnit(ctx: Ctx, id: string): Promise<Unit> {
  authorize(ctx.actor, 'registers.read');
  const row = await unitRowById(ctx.db.kysely, id, ctx.actor.orgScope);
  if (!row) throw new AppError('NOT_FOUND');
  return toUnit(row);
}

export async function createUnit(callerCtx: Ctx, raw: unknown): Promise<Unit> {
  // issue 11: a unit is created in the organisation of its parent unit, with the roles held there
  const ctx = await ctxForRecord(callerCtx, 'units', rawId(raw, 'parentId'));
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(unitCreateSchema, raw);
  return inTransaction(ctx.db, (tx) => createUnitInTx(tx, txActorOf(ctx), input));
}

/** Creates a unit inside the caller's transaction (spreadsheet import, demo data). */
export async function createUnitInTx(tx: Tx, by: InTxActor, raw: UnitCreateInput): Promise<Unit> {
  const input = parseInput(unitCreateSchema, raw);
  const parentId = input.parentId ?? null;
  // The commission is the root of the tree; every section and subordinate unit hangs below it.
  if (input.kind === 'commission' && parentId) throw refError(['parentId'], '委机关是单位树的根，不能有上级单位', 'the commission is the root and has no parent');
  if (input.kind !== 'commission' && !parentId) throw refError(['parentId'], '请选择上级单位', 'a parent unit is required');
  if (parentId) {
    await requireActiveParent(tx, parentId, by.orgScope);
    checkDepth(await loadUnits(tx), parentId, 1);
  }
  await ensureShortCodeFree(tx, input.shortCode, null);
  const row: UnitRow = {
    id: newId(),
    org_id: by.orgId ?? DEFAULT_ORG_ID,
    name: input.name,
    short_code: input.shortCode,
    parent_id: parentId,
    kind: input.kind,
    active: 1,
    sort_order: input.sortOrder ?? 0,
    version: 1,
    created_at: by.now,
    updated_at: by.now,
  };
  await guardDuplicate(UNIT, input.shortCode, () => insertUnitRow(tx, row));
  const out = toUnit(row);
  await appendAudit(tx, { actorId: by.actorId, action: 'unit.create', entityType: 'unit', entityId: row.id, after: out, at: by.now });
  return out;
}

export async function updateUnit(callerCtx: Ctx, id: string, raw: unknown): Promise<Unit> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'units', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(unitUpdateSchema, raw);
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, (tx) => updateUnitInTx(tx, by, id, input));
}

/** Edits a unit inside the caller's transaction (spreadsheet update by short code): same checks and audit as the API. */
export async function updateUnitInTx(tx: Tx, by: InTxActor, id: string, raw: z.input<typeof unitUpdateSchema>): Promise<Unit> {
  const input = parseInput(unitUpdateSchema, raw);
  const before = await requireUnit(tx, id, by.orgScope);
  checkVersion(before.version, input.version);
  const kind = input.kind ?? before.kind;
  if ((kind === 'commission') !== (before.parentId === null)) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: '只有单位树的根可以是委机关；更改类型前请先移动单位',
      en: 'only the root of the tree can be the commission; move the unit before changing its kind',
    });
  }
  if (input.shortCode !== undefined && input.shortCode !== before.shortCode) await ensureShortCodeFree(tx, input.shortCode, id);
  const patch = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.shortCode !== undefined ? { short_code: input.shortCode } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
  };
  return writeUnit(tx, by, before, patch, 'unit.update');
}

/** Moves a unit under another parent. Refuses to put a unit under itself or under one of its own sub-units. */
export async function moveUnit(callerCtx: Ctx, id: string, raw: unknown): Promise<Unit> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'units', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(unitMoveSchema, raw);
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    await lockUnitTree(tx);
    const before = await requireUnit(tx, id, by.orgScope);
    checkVersion(before.version, input.version);
    if (before.kind === 'commission') {
      throw new AppError('PRECONDITION_FAILED', { zh: '委机关是单位树的根，不能移动', en: 'the commission is the root of the tree and cannot be moved' });
    }
    if (before.parentId === input.parentId) return before;
    const units = await loadUnits(tx);
    if (unitAndDescendantIds(units, id).has(input.parentId)) {
      throw new AppError(
        'PRECONDITION_FAILED',
        { zh: '不能把单位移到它自身或它的下级单位之下（会形成循环）', en: 'a unit cannot be moved under itself or one of its sub-units (that would make a cycle)' },
        { unitId: id, parentId: input.parentId },
      );
    }
    await requireActiveParent(tx, input.parentId, by.orgScope);
    checkDepth(units, input.parentId, subtreeHeight(units, id));
    return writeUnit(tx, by, before, { parent_id: input.parentId }, 'unit.move');
  });
}

export async function deactivateUnit(callerCtx: Ctx, id: string, raw: unknown = {}): Promise<Unit> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'units', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(versionOnlySchema, raw ?? {});
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await requireUnit(tx, id, by.orgScope);
    checkVersion(before.version, input.version);
    if (!before.active) return before;
    const { children: nChildren, people: nPeople } = await activeDependantsOfUnit(tx, id);
    if (nChildren > 0 || nPeople > 0) {
      throw new AppError(
        'PRECONDITION_FAILED',
        {
          zh: `该单位仍有 ${nChildren} 个在用下级单位、${nPeople} 名在职人员，请先调整后再停用`,
          en: `the unit still has ${nChildren} active sub-unit(s) and ${nPeople} active people; move or deactivate them first`,
        },
        { activeSubunits: nChildren, activePeople: nPeople },
      );
    }
    return writeUnit(tx, by, before, { active: 0 }, 'unit.deactivate');
  });
}

export async function reactivateUnit(callerCtx: Ctx, id: string, raw: unknown = {}): Promise<Unit> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'units', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(versionOnlySchema, raw ?? {});
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await requireUnit(tx, id, by.orgScope);
    checkVersion(before.version, input.version);
    if (before.active) return before;
    if (before.parentId) {
      const parent = await requireUnit(tx, before.parentId);
      if (!parent.active) {
        throw new AppError('PRECONDITION_FAILED', { zh: `上级单位「${parent.name}」已停用，请先启用上级单位`, en: `the parent unit ${parent.name} is inactive; reactivate it first` });
      }
    }
    return writeUnit(tx, by, before, { active: 1 }, 'unit.reactivate');
  });
}

async function writeUnit(tx: Tx, by: InTxActor, before: Unit, patch: Partial<UnitRow>, action: string): Promise<Unit> {
  const r = await updateUnitAtVersion(tx, before.id, before.version, patch, by.now);
  assertUpdated(r);
  const after = await requireUnit(tx, before.id);
  await appendAudit(tx, { actorId: by.actorId, action, entityType: 'unit', entityId: before.id, before, after, at: by.now });
  return after;
}

/** Level of a unit in the tree: the root is 1. */
export function unitDepth(units: readonly Pick<Unit, 'id' | 'parentId'>[], unitId: string): number {
  const byId = new Map(units.map((u) => [u.id, u]));
  let depth = 0;
  for (let cur = byId.get(unitId); cur && depth <= units.length; cur = cur.parentId ? byId.get(cur.parentId) : undefined) depth++;
  return depth;
}

/** Levels in the subtree rooted at the unit: a unit without sub-units is 1. */
function subtreeHeight(units: readonly Pick<Unit, 'id' | 'parentId'>[], unitId: string): number {
  const below = units.filter((u) => u.parentId === unitId);
  return 1 + Math.max(0, ...below.map((u) => subtreeHeight(units, u.id)));
}

function checkDepth(units: readonly Unit[], parentId: string, levelsToAdd: number): void {
  if (unitDepth(units, parentId) + levelsToAdd > MAX_UNIT_DEPTH) {
    throw new AppError('PRECONDITION_FAILED', {
      zh: `单位树最多 ${MAX_UNIT_DEPTH} 级`,
      en: `the unit tree has at most ${MAX_UNIT_DEPTH} levels`,
    });
  }
}

async function requireUnit(q: Kysely<Database>, id: string, orgScope?: readonly string[]): Promise<Unit> {
  const row = await unitRowById(q, id, orgScope);
  if (!row) throw new AppError('NOT_FOUND', { zh: `单位 ${id}`, en: `unit ${id}` });
  return toUnit(row);
}

async function requireActiveParent(q: Kysely<Database>, parentId: string, orgScope?: readonly string[]): Promise<void> {
  const parent = await unitRowById(q, parentId, orgScope);
  if (!parent) throw refError(['parentId'], '上级单位不存在', 'the parent unit does not exist');
  if (!bool(parent.active)) throw refError(['parentId'], '上级单位已停用', 'the parent unit is inactive');
}

/** An active unit (people and original cases may only be attached to one). */
export async function requireActiveUnit(q: Kysely<Database>, unitId: string, path: string, orgScope?: readonly string[]): Promise<Unit> {
  const row = await unitRowById(q, unitId, orgScope);
  if (!row) throw refError([path], '单位不存在', 'the unit does not exist');
  if (!bool(row.active)) throw refError([path], '该单位已停用', 'the unit is inactive');
  return toUnit(row);
}

async function ensureShortCodeFree(q: Kysely<Database>, shortCode: string, exceptId: string | null): Promise<void> {
  if (await shortCodeTaken(q, shortCode, exceptId)) throw duplicateError(UNIT, shortCode);
}

/**
 * Two concurrent moves (A under B, B under A) each see no cycle on their own. SQLite's
 * BEGIN IMMEDIATE already serializes writers; on PostgreSQL the units table is locked against
 * other writers (reads go on) for the rest of the moving transaction.
 */
async function lockUnitTree(tx: Tx): Promise<void> {
  await lockUnitsTable(tx);
}

/** Looks a unit up by its short code, in any letter case (spreadsheet import refers to units this way). */
export async function findUnitByShortCode(dbOrTx: DbOrTx, shortCode: string): Promise<Unit | null> {
  const row = await unitRowByShortCode(queryOf(dbOrTx), shortCode.trim().toUpperCase());
  return row ? toUnit(row) : null;
}
