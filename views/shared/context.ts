// What every page is rendered with. View-model types only: routes fill them from their rows.
import type { Locale, Translate } from '../../src/lib/i18n.ts';

export interface PageContext {
  locale: Locale;
  t: Translate;
  /** Current path and query, used for the language switch. */
  path: string;
  csrfToken: string;
}

export type OfficerRoleView = 'admin' | 'officer' | 'moderator';

export interface OfficerView {
  id: number;
  email: string;
  role: OfficerRoleView;
}

export interface OfficeContext extends PageContext {
  officer: OfficerView;
}

/** Where a consultation stands: the same four phases the window computes. */
export type PhaseView = 'draft' | 'upcoming' | 'open' | 'closed';
