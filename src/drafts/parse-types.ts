import type { Params } from '../lib/messages/types.ts';

export type BlockKind = 'heading' | 'article' | 'item' | 'paragraph';

export interface Responsible {
  lead: string[];
  support: string[];
}

/** One node of a parsed draft: the shape both `import --dry-run --json` and the public API serve. */
export interface DraftNode {
  id: string;
  kind: BlockKind;
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
  responsible: Responsible;
  children: DraftNode[];
}

/** A parsed node before it is stored: it remembers where it came from in the input. */
export interface ParsedNode extends DraftNode {
  children: ParsedNode[];
  line: number;
  source: string;
}

export interface SetAsideLine {
  line: number;
  text: string;
  /** Stable machine code, e.g. "breadcrumb"; words come from the dictionary (`import.setAside.<code>`). */
  code: string;
  params?: Params;
  /** The zh-CN sentence, derived from the dictionary; kept in the JSON for existing readers. */
  message: string;
}

export interface ImportWarning {
  /** Stable machine code; words come from the dictionary (`import.warning.<code>`). */
  code: string;
  params?: Params;
  /** The zh-CN sentence, derived from the dictionary; kept in the JSON for existing readers. */
  message: string;
  line: number | null;
}

export interface DraftMeta {
  noticeTitle: string | null;
  pageStatus: string | null;
  draftStage: string | null;
  issuer: string | null;
  drafter: string | null;
  publishedDate: string | null;
  openingDate: string | null;
  deadline: string | null;
  email: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  documentNumber: string | null;
  salutation: string | null;
  /** Lines between the title and the body: history (通过/修正/施行), letterhead, document number. */
  frontMatter: string[];
  /** The document's own table of contents (目录), kept out of the body. */
  contents?: string[];
  /** Page markup with no text of the draft: YAML front matter, HTML comments. */
  pageMarkup?: string[];
  notice: string[];
  signature: { issuer: string | null; date: string | null } | null;
}

export interface ImportReport {
  setAside: SetAsideLine[];
  warnings: ImportWarning[];
  glossesRemoved: number;
  stats: {
    nonBlankLines: number;
    bodyLines: number;
    metaLines: number;
    setAsideLines: number;
    blocks: number;
    commentable: number;
  };
}

export interface ParsedDraft {
  title: string | null;
  meta: DraftMeta;
  report: ImportReport;
  body: ParsedNode[];
}

export type DraftFormat = 'text' | 'markdown';
