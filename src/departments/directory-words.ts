// A directory file's reading in words, for the office's page and `npm run units:import` alike.
import type { Translate } from '../lib/i18n.ts';
import { type DirectoryFileProblem, type DirectoryPlan, type DirectoryRowProblem, MAX_DIRECTORY_ROWS } from './directory-file.ts';

export function fileProblemText(problem: DirectoryFileProblem, t: Translate): string {
  return problem === 'too-many-rows' ? t('departments.directory.file.too-many-rows', { max: MAX_DIRECTORY_ROWS }) : t(`departments.directory.file.${problem}`);
}

/** 「第 3 行：邮箱格式不正确：x@」 */
export function rowProblemText(problem: DirectoryRowProblem, t: Translate): string {
  const { line, code, ...params } = problem;
  return t('departments.directory.error.line', { line, text: t(`departments.directory.row.${code}`, params) });
}

export interface PlanWords {
  summary: string;
  /** One line per change: new units (with a note when close to an existing one), then new addresses. */
  changes: string[];
}

export function planWords(plan: DirectoryPlan, t: Translate): PlanWords {
  const addresses = plan.newUnits.reduce((n, u) => n + u.addresses.length, 0) + plan.newAddresses.length;
  const separator = t('departments.mail.referenceSeparator');
  return {
    summary: t('departments.directory.plan.summary', { rows: plan.rows, units: plan.newUnits.length, addresses, unchanged: plan.unchanged }),
    changes: [
      ...plan.newUnits.map((u) => {
        const line = t('departments.directory.plan.newUnit', { name: u.name, addresses: u.addresses.join(separator) });
        return u.similarTo.length ? t('departments.directory.plan.withNote', { line, note: t('departments.directory.plan.similar', { names: u.similarTo.join(separator) }) }) : line;
      }),
      ...plan.newAddresses.map((a) => t('departments.directory.plan.newAddress', { unit: a.unit, address: a.address })),
    ],
  };
}
