// The office's audit entries: written in the same batch as the change they record.
import type { CompiledQuery, Kysely, OperandExpression } from 'kysely';
import { type Actor, auditQuery } from '../auth/audit.ts';
import type { Database } from '../db/schema.ts';

/** An entry about a consultation: its id, or consultationIdBySlug for one created in the same batch. */
export function consultationAuditQuery(
  k: Kysely<Database>,
  actor: Actor,
  consultation: number | OperandExpression<number>,
  action: string,
  detail: Record<string, unknown>,
  now: Date,
): CompiledQuery {
  return auditQuery(k, { officerId: actor.officerId, action, consultationId: consultation, targetType: 'consultation', targetId: consultation, detail, ip: actor.ip }, now);
}

/** The id of a consultation written earlier in the same batch. */
export function consultationIdBySlug(k: Kysely<Database>, slug: string) {
  return k.selectFrom('consultations').select('id').where('slug', '=', slug);
}

/** An entry about a unit on a consultation's roster: its id, or unitIdByName for one created in the same batch. */
export function unitAuditQuery(
  k: Kysely<Database>,
  actor: Actor,
  consultationId: number,
  unit: number | OperandExpression<number> | null,
  action: string,
  detail: Record<string, unknown>,
  now: Date,
): CompiledQuery {
  return auditQuery(k, { officerId: actor.officerId, action, consultationId, targetType: 'unit', targetId: unit, detail, ip: actor.ip }, now);
}
