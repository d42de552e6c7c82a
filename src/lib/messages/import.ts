// Strings of the draft importer's report, Chinese first. The parser returns codes and params only;
// these words turn them into sentences. Merged into the one dictionary by ../i18n.ts, and read
// directly by the parser to fill the zh-CN `message` field its JSON has always carried.
import type { Message, Params } from './types.ts';

const FIELD_ZH: Record<string, string> = { publishedDate: '发布时间', issuer: '来源', documentNumber: '文件编号' };
const FIELD_EN: Record<string, string> = { publishedDate: 'publication date', issuer: 'source', documentNumber: 'document number' };

function fields(p: Params, names: Record<string, string>, joiner: string): string {
  return String(p.extracted ?? '')
    .split(',')
    .filter(Boolean)
    .map((f) => names[f] ?? f)
    .join(joiner);
}

const extractedZh = (p: Params) => (p.extracted ? `；已提取${fields(p, FIELD_ZH, '、')}` : '');
const extractedEn = (p: Params) => (p.extracted ? `; ${fields(p, FIELD_EN, ', ')} taken into the metadata` : '');

export const zh = {
  'import.setAside.breadcrumb': (p) => `网页导航（当前位置）${extractedZh(p)}`,
  'import.setAside.pagination': (p) => `网页翻页链接（上一篇/下一篇）${extractedZh(p)}`,
  'import.setAside.copyright': (p) => `网站版权信息${extractedZh(p)}`,
  'import.setAside.filing': (p) => `网站备案信息${extractedZh(p)}`,
  'import.setAside.site-footer': (p) => `网站页脚（主办/技术支持）${extractedZh(p)}`,
  'import.setAside.comment-stub': (p) => (p.variant === 'empty' ? '原网页意见栏目的空白提示' : '原网页的意见栏目（征求意见结果/网友意见），不属于草案正文'),
  'import.setAside.attachments-stub': '原网页的相关文档/附件栏目',
  'import.setAside.page-tools': '网页工具栏（字体/打印/分享）',
  'import.setAside.site-navigation': '网站栏目/导航文字',
  'import.setAside.metadata-table': (p) => `政府信息公开目录的元数据表（索引号、文件编号等）${extractedZh(p)}`,
  'import.setAside.page-metadata': (p) => `网页元数据行${p.extracted ? `，已提取${fields(p, FIELD_ZH, '、')}` : ''}${p.counter ? '，访问计数已舍弃' : ''}`,
  'import.setAside.before-title': '标题之前的网页栏目文字',
  'import.setAside.duplicate-title': '重复的标题行',
  'import.setAside.markup': '只有排版标记、没有文字的行（如空的 Markdown 标题）',
  'import.setAside.deleted-block': '在结构编辑中删除的内容（可恢复）',

  'import.warning.suspected-damage': (p) => `第${p.line}行疑似有转换丢失的字符（“${p.excerpt}”），请核对原件`,
  'import.warning.pinyin-glosses': (p) => `已移除转换工具留下的拼音注音 ${p.count} 处（如“現(xiàn)在”→“現在”）`,
  'import.warning.page-status': (p) => `标题带有原网页的状态标记“【${p.status}】”，已去除`,
  'import.warning.partial-page': (p) => `标题带有分页标记“${p.marker}”：这可能只是原文的一部分，请核对是否缺少前文`,
  'import.warning.title-not-found': '未在原文中识别到标题，请在导入时填写标题',
  'import.warning.notice-boundary': '找到了征求意见公告，但没有找到草案正文的标题行，公告之后的内容全部作为正文',
  'import.warning.numbering-start': (p) => `编号从“${p.label}”开始，前面可能缺少内容`,
  'import.warning.numbering-gap': (p) => `编号不连续：“${p.label}”之前应为第${p.expected}项，请核对是否有遗漏或重复`,
  'import.warning.stray-parenthesis': (p) => `“${p.label}”的责任单位后有多余的右括号，已去除`,
  'import.warning.footnote-marker': (p) => `脚注编号被替换成了“?”，按顺序推定为“${p.label}”`,
  'import.warning.deadline-before-publish': (p) =>
    `公告自相矛盾：发布时间 ${p.published} 晚于反馈截止日期 ${p.deadline}，请核对并重新设定征求意见期限`,
  'import.warning.no-deadline': '公告中没有找到反馈截止日期',
  'import.warning.ambiguous-reference': (p) =>
    `“${p.label}”出现在行首，但上一行的句子没有结束：按正文中的引用处理，没有作为新的条。如果这里确实是新的一条，请在结构编辑中拆分`,
  'import.warning.ambiguous-heading': (p) => `“${p.text}”单独成行，已作为无编号的标题；如果它是正文，请在结构编辑中改为段落`,
  'import.warning.heading-level': (p) => `“${p.text}”已作为标题，但原文没有标出它的层级（没有编号，排版标记已丢失），已按上一层处理；请在结构编辑中核对并调整层级`,
  'import.warning.possible-heading': (p) => `“${p.text}”可能是标题（短行，后接段落），但它紧跟在列表之后，已作为正文；如果它是标题，请在结构编辑中改为标题`,
} satisfies Record<string, Message>;

export const en: Record<keyof typeof zh, Message> = {
  'import.setAside.breadcrumb': (p) => `Web page navigation ("you are here")${extractedEn(p)}`,
  'import.setAside.pagination': (p) => `Previous/next links of the web page${extractedEn(p)}`,
  'import.setAside.copyright': (p) => `Website copyright notice${extractedEn(p)}`,
  'import.setAside.filing': (p) => `Website registration (ICP) notice${extractedEn(p)}`,
  'import.setAside.site-footer': (p) => `Website footer (host, technical support)${extractedEn(p)}`,
  'import.setAside.comment-stub': (p) =>
    p.variant === 'empty' ? 'Empty placeholder of the web page’s comment section' : 'The web page’s own comment section (results, visitors’ comments), not part of the draft',
  'import.setAside.attachments-stub': 'The web page’s related documents / attachments section',
  'import.setAside.page-tools': 'Web page toolbar (font size, print, share)',
  'import.setAside.site-navigation': 'Website menu or navigation text',
  'import.setAside.metadata-table': (p) => `Metadata table of the government information catalogue (index number, document number…)${extractedEn(p)}`,
  'import.setAside.page-metadata': (p) =>
    `Web page metadata line${p.extracted ? `; ${fields(p, FIELD_EN, ', ')} taken into the metadata` : ''}${p.counter ? '; the visit counter was dropped' : ''}`,
  'import.setAside.before-title': 'Web page text before the title',
  'import.setAside.duplicate-title': 'The title repeated',
  'import.setAside.markup': 'A line of markup with no text (such as an empty Markdown heading)',
  'import.setAside.deleted-block': 'Deleted in the structure editor (can be restored)',

  'import.warning.suspected-damage': (p) => `Line ${p.line} seems to have characters lost in conversion (“${p.excerpt}”); check the original`,
  'import.warning.pinyin-glosses': (p) => `Removed ${p.count} pinyin glosses a converter left (e.g. “現(xiàn)在” → “現在”)`,
  'import.warning.page-status': (p) => `The title carried the web page’s status mark “【${p.status}】”; removed`,
  'import.warning.partial-page': (p) => `The title carries a page marker “${p.marker}”: this may be only part of the text; check whether earlier pages are missing`,
  'import.warning.title-not-found': 'No title was found in the text; give one when importing',
  'import.warning.notice-boundary': 'A consultation notice was found but not the draft’s own title line; everything after the notice is taken as the draft',
  'import.warning.numbering-start': (p) => `Numbering starts at “${p.label}”; something may be missing before it`,
  'import.warning.numbering-gap': (p) => `Numbering skips: number ${p.expected} should come before “${p.label}”; check for a missing or repeated item`,
  'import.warning.stray-parenthesis': (p) => `An extra closing parenthesis after the units of “${p.label}” was removed`,
  'import.warning.footnote-marker': (p) => `A footnote marker was replaced by “?”; taken as “${p.label}” from the sequence`,
  'import.warning.deadline-before-publish': (p) =>
    `The notice contradicts itself: published ${p.published}, after the feedback deadline ${p.deadline}; check and set the consultation window again`,
  'import.warning.no-deadline': 'No feedback deadline was found in the notice',
  'import.warning.ambiguous-reference': (p) =>
    `“${p.label}” starts a line, but the sentence before it has not ended: read as a reference in the text, not as a new article. If it is a new article, split it in the structure editor`,
  'import.warning.ambiguous-heading': (p) => `“${p.text}” stands on a line of its own and was taken as an unnumbered heading; if it is body text, make it a paragraph in the structure editor`,
  'import.warning.heading-level': (p) =>
    `“${p.text}” was taken as a heading, but the text does not show its level (it has no number and the page’s markup is gone); it was placed at the level above: check its level in the structure editor`,
  'import.warning.possible-heading': (p) =>
    `“${p.text}” may be a heading (a short line before a paragraph), but it follows a list and was kept as body text; if it is a heading, make it one in the structure editor`,
};

export type ImportMessageKey = keyof typeof zh;

/** The zh-CN sentence for a report entry: what the `message` field of the JSON carries. */
export function importMessageZh(key: ImportMessageKey, params: Params = {}): string {
  const message: Message = zh[key];
  return typeof message === 'function' ? message(params) : message;
}

// Report entries carry a code and its params; the words come from the dictionary in the reader's
// language. A report stored before entries carried params keeps its Chinese sentence.
const NEEDS_PARAMS = new Set([
  'suspected-damage', 'pinyin-glosses', 'page-status', 'partial-page', 'numbering-start', 'numbering-gap',
  'stray-parenthesis', 'footnote-marker', 'deadline-before-publish', 'ambiguous-reference', 'ambiguous-heading',
  'heading-level', 'possible-heading',
]);

/** One entry of an import report in the reader's language. */
export function importEntryText(
  t: (key: never, params?: Params) => string,
  family: 'warning' | 'setAside',
  entry: { code: string; params?: Params; message: string },
): string {
  if (!entry.params && NEEDS_PARAMS.has(entry.code)) return entry.message;
  const key = `import.${family}.${entry.code}`;
  if (!Object.hasOwn(zh, key)) return entry.message;
  return t(key as never, entry.params ?? {});
}
