// The importer's running state: metadata, the report (codes + params; the zh-CN message comes from
// the dictionary) and the line accounting that proves no input line was dropped. Pure.
import { type ImportMessageKey, importMessageZh } from '../lib/messages/import.ts';
import type { Params } from '../lib/messages/types.ts';
import type { SourceLine } from './parse-lines.ts';
import type { DraftMeta, ImportWarning, SetAsideLine } from './parse-types.ts';

export interface ParseState {
  meta: DraftMeta;
  setAside: SetAsideLine[];
  warnings: ImportWarning[];
  metaLines: number;
  bodyLines: number;
}

export function emptyMeta(): DraftMeta {
  return {
    noticeTitle: null,
    pageStatus: null,
    draftStage: null,
    issuer: null,
    drafter: null,
    publishedDate: null,
    openingDate: null,
    deadline: null,
    email: null,
    contactPerson: null,
    contactPhone: null,
    documentNumber: null,
    salutation: null,
    frontMatter: [],
    contents: [],
    pageMarkup: [],
    notice: [],
    signature: null,
  };
}

export function newState(): ParseState {
  return { meta: emptyMeta(), setAside: [], warnings: [], metaLines: 0, bodyLines: 0 };
}

export function warn(state: ParseState, code: string, params: Params = {}, line: number | null = null): void {
  const message = importMessageZh(`import.warning.${code}` as ImportMessageKey, params);
  state.warnings.push(Object.keys(params).length ? { code, params, message, line } : { code, message, line });
}

export function putAside(state: ParseState, line: SourceLine, code: string, params: Params = {}): void {
  const message = importMessageZh(`import.setAside.${code}` as ImportMessageKey, params);
  state.setAside.push(Object.keys(params).length ? { line: line.no, text: line.text, code, params, message } : { line: line.no, text: line.text, code, message });
}
