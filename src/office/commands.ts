// What the office's commands need and what they answer. A command is `(deps, input) => result`:
// the pages, the command line and the tests call the same function. A refusal the officer can
// act on is a code with its parameters; the caller words it in the user's language.
import type { AppDatabase } from '../db/database.ts';
import type { Params } from '../lib/messages/types.ts';
import type { Clock } from '../lib/time.ts';

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
