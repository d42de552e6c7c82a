// The audit log: every officer action, written in the same batch as the action itself, so the
// log never claims something that did not happen nor misses something that did.
import type { CompiledQuery, Kysely, OperandExpression } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { AuditEntry, Database } from '../db/schema.ts';

/** Who did it: an officer from the office's pages, or nobody (null) from the command line. */
export interface Actor {
  officerId: number | null;
  ip: string | null;
}

/**
 * An id, or a sub-select that finds it when the batch runs: for a row created in the same batch
 * (a new consultation, unit or account), whose id is not known yet.
 */
type IdOrLookup = number | OperandExpression<number>;

export interface AuditInput {
  officerId: number | null;
  /** e.g. 'login', 'publish', 'extend', 'close', 'moderate', 'decide', 'export', 'publish-results'. */
  action: string;
  consultationId?: IdOrLookup | null;
  targetType?: string | null;
  targetId?: IdOrLookup | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export function auditQuery(db: Kysely<Database>, entry: AuditInput, now: Date): CompiledQuery {
  return db
    .insertInto('audit_log')
    .values({
      officer_id: entry.officerId,
      action: entry.action,
      consultation_id: entry.consultationId ?? null,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      detail_json: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip ?? null,
      at: now.toISOString(),
    })
    .compile();
}

export type AuditRow = AuditEntry & { officer_email: string | null; consultation_title: string | null };

export async function listAuditEntries(
  db: AppDatabase,
  options: { before?: number; limit?: number; consultationId?: number; action?: string } = {},
): Promise<AuditRow[]> {
  let query = db.kysely
    .selectFrom('audit_log')
    .leftJoin('officers', 'officers.id', 'audit_log.officer_id')
    .leftJoin('consultations', 'consultations.id', 'audit_log.consultation_id')
    .selectAll('audit_log')
    .select(['officers.email as officer_email', 'consultations.title as consultation_title'])
    .orderBy('audit_log.id', 'desc')
    .limit(options.limit ?? 100);
  if (options.before) query = query.where('audit_log.id', '<', options.before);
  if (options.consultationId) query = query.where('audit_log.consultation_id', '=', options.consultationId);
  if (options.action) query = query.where('audit_log.action', '=', options.action);
  return query.execute();
}
