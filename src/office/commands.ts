// What the office's commands need and what they answer. A command is `(deps, input) => result`:
// the pages, the command line and the tests call the same function. A refusal the officer can
// act on is a code with its parameters; the caller words it in the user's language.
// A change to a consultation is written by writeChange: the row at the version the caller saw,
// what goes with it, and its audit entry, in one batch.
import type { CompiledQuery } from 'kysely';
import type { Actor } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation, ConsultationUpdate } from '../db/schema.ts';
import type { Params } from '../lib/messages/types.ts';
import type { Clock } from '../lib/time.ts';
import { consultationAuditQuery } from './audit.ts';
import { batchGuarded, guardedUpdateQuery } from './store.ts';

export interface OfficeDeps {
  db: AppDatabase;
  clock: Clock;
  /** Drops what this process caches about a consultation; absent where nothing is cached (the CLI). */
  consultationChanged?(slug: string): void;
}

export type Refused<Code extends string> = { ok: false; code: Code; params?: Params };

/** A problem with one field of the input. */
export interface Problem<Code extends string> {
  code: Code;
  params?: Params;
}

/** Refusals found together, by field, so that the officer sees them all at once. */
export type Invalid<Field extends string, Code extends string> = { ok: false; code: 'invalid'; fields: Partial<Record<Field, Problem<Code>>> };

/**
 * One change to a consultation: the row (if still at the version the caller saw), what goes with
 * it, and its audit entry, in one batch. False when someone changed it first: nothing is written.
 */
export async function writeChange(
  deps: OfficeDeps,
  input: { consultation: Consultation; version: number; actor: Actor },
  now: Date,
  change: { set: ConsultationUpdate; alongside?: CompiledQuery[]; action: string; detail: Record<string, unknown> },
): Promise<boolean> {
  const { db } = deps;
  const row = input.consultation;
  const written = await batchGuarded(db, [
    guardedUpdateQuery(db.kysely, row.id, input.version, { ...change.set, updated_at: now.toISOString() }),
    ...(change.alongside ?? []),
    consultationAuditQuery(db.kysely, input.actor, row.id, change.action, change.detail, now),
  ]);
  if (written) deps.consultationChanged?.(row.slug);
  return written;
}
