// A department's reply cut into the points it makes. Pure.
//
// Greetings (「余峣同志：」「您好！」), introductions (「经研究，提出如下意见：」), sign-offs
// (「此致 敬礼」「以上意见供参考」) and the signature block (unit, date, 联系人, phone) are set
// aside; what remains is cut into points: one per numbered line of the reply's own list, or per
// paragraph when it has none, with continuation lines and sub-lists kept with their point.

export type NumberStyle = 'arabic' | 'paren-arabic' | 'cn' | 'paren-cn' | 'circled' | 'ordinal' | 'bullet' | 'label';

export interface OwnNumber {
  style: NumberStyle;
  /** The marker as written: 「1.」「（二）」「①」. */
  marker: string;
  value: number | null;
}

export interface Point {
  /** The point's text with the reply's own leading number removed. */
  text: string;
  own: OwnNumber | null;
}

export interface CutText {
  points: Point[];
  /** 「详见附件」: the sender says the feedback is in an attachment. */
  pointsToAttachment: boolean;
}

const CN_DIGIT = '一二三四五六七八九十';
const NUMBERING: { style: NumberStyle; pattern: RegExp }[] = [
  { style: 'paren-arabic', pattern: /^[(（]\s*(\d{1,3})\s*[)）]\s*/ },
  { style: 'paren-cn', pattern: new RegExp(`^[(（]\\s*([${CN_DIGIT}]{1,3})\\s*[)）]\\s*`) },
  { style: 'arabic', pattern: /^(\d{1,3})\s*(?:[.．、,，:：)）](?!\d)|\t)\s*/ },
  { style: 'cn', pattern: new RegExp(`^([${CN_DIGIT}]{1,3})\\s*[、.．,，:：]\\s*`) },
  { style: 'circled', pattern: /^([①-⑳])\s*/ },
  // 「第一，」「其二、」; but 「第一、二项」 and 「第4、5项」 are references, not a list.
  { style: 'ordinal', pattern: new RegExp(`^(第[${CN_DIGIT}]{1,3}|其[${CN_DIGIT}]|首先|其次|再次|最后)\\s*[,，、:：](?![\\d${CN_DIGIT}]+\\s*[条项点款])\\s*`) },
  // 「一是…」「二是…」, the official way of listing points.
  { style: 'ordinal', pattern: new RegExp(`^([${CN_DIGIT}]{1,2}是)[，,：:]?\\s*`) },
  // 「第一点意见：」「第二条建议，」: the reply's own points, unlike 「第一点」 alone (item 1).
  { style: 'label', pattern: new RegExp(`^(第[${CN_DIGIT}]{1,3}[点条](?:意见|建议|看法|修改意见))\\s*[:：,，、.．]\\s*`) },
  { style: 'label', pattern: new RegExp(`^((?:意见|建议|修改意见|问题)\\s*[${CN_DIGIT}\\d]{1,3})\\s*[:：、.．]\\s*`) },
  { style: 'bullet', pattern: /^([-•·●■◆*])\s+/ },
];

const CN_VALUES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function numeralValue(text: string): number | null {
  const digits = /\d+/.exec(text);
  if (digits) return Number(digits[0]);
  const circled = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'.indexOf(text);
  if (circled >= 0) return circled + 1;
  const cn = /[一二三四五六七八九十]+/.exec(text)?.[0];
  if (!cn) return null;
  if (cn.length === 1) return CN_VALUES[cn] ?? null;
  if (cn[0] === '十') return 10 + (CN_VALUES[cn[1]!] ?? 0);
  const tens = CN_VALUES[cn[0]!] ?? 0;
  return cn[1] === '十' ? tens * 10 + (CN_VALUES[cn[2] ?? ''] ?? 0) : null;
}

export function ownNumber(line: string): { own: OwnNumber; rest: string } | null {
  for (const { style, pattern } of NUMBERING) {
    const match = pattern.exec(line);
    if (!match) continue;
    const rest = line.slice(match[0].length);
    // 「第一，」 is a list; 「第4项」 is a reference, and it has no comma right after the numeral.
    return { own: { style, marker: match[0].trim(), value: numeralValue(match[1]!) }, rest };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Lines that are not feedback

const GREETING: RegExp[] = [
  /^(尊敬的)?[^，。；！？,.;!?]{0,30}(您好|你好|大家好)[!！,，。.~～：:]*$/,
  /^(尊敬的[^，。；！？]{1,30}|[^，。；！？\s]{1,30}(同志|老师|领导|科长|主任|局长|处长|先生|女士|同事们|各位)|各位[^，。；！？]{0,10})[:：,，!！]?$/,
  /^(dear|hi|hello|good (morning|afternoon|evening))\b[^.!?]{0,60}[,:!]?$/i,
];

// The heading of a feedback letter: 「区生态环境局关于《…》的反馈意见」「对《…》的修改建议」.
const DOCUMENT_TITLE = /^[^。！？；]{0,40}(关于|对)[^。！？；]{0,10}《[^》]+》[^。！？；]{0,16}(意见|建议|反馈|回复|复函|函)$/;
// Pleasantries around the feedback, not about the draft: 「不好意思，晚了一天。」「请查收。」
const CHITCHAT = /^(不好意思|抱歉|对不起|很抱歉|sorry)[^。！？]{0,20}[。！!.]?$|^(请查收|请审阅|请收阅|烦请查收)[。！!.]?$/i;

const LEADING_GREETING = /^([^，。；！？,.;!?]{0,30}[，,]\s*)?(您好|你好|大家好)[！!，,。.~～]\s*/;

// 「经研究，现将我局意见反馈如下：」「提出以下修改意见：」 "Our comments are as follows:"
const INTRODUCTION =
  /^[^。！？]{0,80}(如下|以下|下列)(几点|几条|\d+条|[一二三四五六七八九十]条)?(意见|建议|修改意见|反馈意见|意见和建议|意见建议)?[:：。.]?$|^[^。！？]{0,40}(收悉|已收到)[。，,！!]?$|\bas follows:?$|^(please find )?(our|my) comments( are)?( below)?:?$/i;

const ATTACHMENT_POINTER =
  /^[^。！？]{0,40}(详见|见|请见|请查收|已附|附上|参见|见附件|请查阅)[^。！？]{0,20}(附件|附表|附档|附文)[^。！？]{0,20}[。！!.]?$|^[^。！？]{0,30}(意见|反馈)[^。！？]{0,10}(在|见)附件[^。！？]{0,10}[。!.]?$|^(please )?(see|find) (the )?attach(ed|ment)\b[^.]{0,60}\.?$/i;

const SIGN_OFF =
  /^(此致|敬礼|此致敬礼|此致，敬礼|谢谢|多谢|感谢|顺祝|祝好|祝工作顺利|顺颂|顺致|特此(函告|回复|反馈|报告|说明)|专此|以上[，,]?请?(审阅|参考|酌|阅)|以上(意见|建议|反馈意见|意见建议)[，,]?\s*(供参考|请参考|仅供参考|妥否|请酌|请审阅|请予以考虑|请予考虑|请研究|请斟酌|望采纳|供你们参考|供贵委参考)|best regards|kind regards|regards|thanks|thank you|many thanks|sincerely|yours sincerely|cheers)[^\n，；]{0,24}$/i;

const SUBSTANCE_REFERENCE = /第\s*[\d一二三四五六七八九十百]+\s*[条项点款]|修改为|改为|调整为/;

// A line that names a paragraph or proposes wording is feedback, whatever it starts or ends with.
const SUBSTANCE = /第\s*[\d一二三四五六七八九十百]+\s*[条项点款部章]|修改为|改为|调整为|增加|删除|补充|建议/;

/** After a sign-off: the signature, made of short lines that say nothing about the draft. */
function signatureAfterSignOff(line: string): boolean {
  return isSignatureLine(line) || (line.length <= 20 && !/[，。；！？,;!?]/.test(line) && !SUBSTANCE.test(line));
}

const UNIT_NAME =
  /^[\u4e00-\u9fa5（）()A-Za-z0-9·]{2,40}(局|委|办|办公室|院|所|中心|公司|集团|政府|街道|街道办事处|镇|乡|部|厅|处|科|股|室|组|站|队|会|社|馆|委员会|管委会|分局|支队|大队|协会|学校|医院)(（盖章）|\(盖章\))?$/;
const DATE_LINE =
  /^(\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?|[二〇零一三四五六七八九十○]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$/;
const CONTACT_LINE =
  /^(联\s*系\s*人|经办人|承办人|联系电话|电话|手机|传真|邮箱|电子邮箱|地址|邮编|E-?mail|Tel|Phone|Mobile|Fax)\s*[:：]/i;
const PHONE_ONLY = /^[\d\s\-+()（）]{7,20}$/;
const PERSON_NAME = /^[\u4e00-\u9fa5]{1,2}[\u4e00-\u9fa5·]{1,3}(\s+[\d\-]{7,15})?$/;
const NOT_A_NAME = /(意见|建议|同意|修改|删除|增加|补充|无|没有|谢谢|收到|好的|可以)/;
const LATIN_NAME = /^[A-Z][a-z]+(\s[A-Z][a-z.]+){0,3}$/;

export function isGreeting(line: string): boolean {
  if (GREETING.some((pattern) => pattern.test(line))) return true;
  // 「昌江区发改委：」: an addressee on its own line — short, ends with a colon, says nothing else.
  return /^[^，。；！？,;!?\s\d]{2,24}[:：]$/.test(line) && !/(意见|建议|如下|以下|第|关于)/.test(line);
}

function isSignatureLine(line: string): boolean {
  const text = line.replace(/\s+/g, ' ').trim();
  if (text.length > 60) return false;
  if (UNIT_NAME.test(text.replace(/\s/g, ''))) return true;
  if (DATE_LINE.test(text.replace(/\s/g, ''))) return true;
  if (CONTACT_LINE.test(text) || PHONE_ONLY.test(text)) return true;
  // 「无意见」「同意」 are as short as a name, but they are what the sender came to say.
  if ((PERSON_NAME.test(text) && !NOT_A_NAME.test(text)) || LATIN_NAME.test(text)) return true;
  // 「区住建局 张三 13800000000」: a unit, a name and a number on one line.
  const parts = text.split(/\s+/);
  return parts.length >= 2 && parts.every((part) => UNIT_NAME.test(part) || PERSON_NAME.test(part) || PHONE_ONLY.test(part) || DATE_LINE.test(part));
}

// A table's header row in a feedback form: 序号 | 条款 | 修改意见 | 理由.
const TABLE_HEADER_CELL = /^(序号|编号|条款|条目|章节|位置|页码|原文|原文内容|修改意见|修改建议|意见|建议|意见建议|意见内容|理由|修改理由|说明|备注|内容|单位|提出单位|反馈单位|No\.?|Item|Comment|Reason)$/i;

function isTableHeader(line: string): boolean {
  if (!line.includes('\t')) return false;
  const cells = line.split('\t').map((cell) => cell.trim()).filter(Boolean);
  return cells.length >= 2 && cells.every((cell) => TABLE_HEADER_CELL.test(cell));
}

const REASON_CELL = /^(理由|修改理由|说明|备注|依据|Reason)$/i;

/** A row of a feedback form, with its reason column said as such: 「…（理由：与省里的口径一致）」. */
function labelCells(line: string, header: string[]): string {
  const cells = line.split('\t');
  if (cells.length !== header.length) return line;
  return cells
    .map((cell, i) => (cell.trim() && REASON_CELL.test(header[i]!) ? `（${header[i]}：${cell.trim()}）` : cell))
    .join('\t');
}

/** The sender's lines without greeting, introduction, sign-off and signature. */
export function feedbackLines(text: string): { lines: string[]; pointsToAttachment: boolean } {
  let pointsToAttachment = false;
  const raw = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\u3000\u00a0]/g, ' ').trim());

  // A conventional "-- " signature delimiter ends the message proper.
  const delimiter = raw.findIndex((line) => line === '--');
  const lines = delimiter >= 0 ? raw.slice(0, delimiter) : raw;

  // From the end: blank lines, signature lines and sign-offs.
  let end = lines.length;
  for (;;) {
    const line = lines[end - 1];
    if (line === undefined) break;
    if (line === '' || isSignatureLine(line) || (SIGN_OFF.test(line) && !SUBSTANCE_REFERENCE.test(line))) end -= 1;
    else break;
  }
  // A sign-off in the middle of the last few lines: what follows it is a signature.
  for (let i = Math.max(0, end - 8); i < end; i += 1) {
    if (SIGN_OFF.test(lines[i]!) && !SUBSTANCE_REFERENCE.test(lines[i]!) && lines.slice(i + 1, end).every((line) => line === '' || signatureAfterSignOff(line))) {
      end = i;
      break;
    }
  }

  const kept: string[] = [];
  let leading = true;
  let header: string[] | null = null;
  for (let line of lines.slice(0, end)) {
    if (line === '') {
      kept.push('');
      continue;
    }
    if (ATTACHMENT_POINTER.test(line)) {
      pointsToAttachment = true;
      continue;
    }
    if (leading && (isGreeting(line) || DOCUMENT_TITLE.test(line))) continue;
    if (CHITCHAT.test(line)) continue;
    // 「您好！经研究，提出如下意见：」: a greeting in front of the first sentence.
    if (leading) {
      const after = line.replace(LEADING_GREETING, '');
      if (after !== line) {
        line = after;
        if (line === '') continue;
      }
    }
    // 「建议将第4项修改如下：」 introduces wording for a paragraph: that is feedback.
    if (INTRODUCTION.test(line) && line.length <= 80 && !SUBSTANCE_REFERENCE.test(line)) continue;
    if (SIGN_OFF.test(line) && line.length <= 30 && !SUBSTANCE_REFERENCE.test(line)) continue;
    if (isTableHeader(line)) {
      header = line.split('\t').map((cell) => cell.trim());
      continue;
    }
    if (header && line.includes('\t')) line = labelCells(line, header);
    leading = false;
    kept.push(line);
  }
  return { lines: kept, pointsToAttachment };
}

// ---------------------------------------------------------------------------------------------
// Cutting into points

export interface CutOptions {
  /** Does this line begin by naming a paragraph of the draft (「关于第4项」「第五条」)? */
  startsWithReference: (line: string) => boolean;
  /** Does this line name a paragraph anywhere? */
  hasReference: (line: string) => boolean;
}

const ENDS_OPEN = /[:：，,、]$/;

export function cutPoints(text: string, options: CutOptions): CutText {
  const { lines, pointsToAttachment } = feedbackLines(text);
  const points: { head: OwnNumber | null; lines: string[]; blankBefore: boolean }[] = [];
  let blank = false;

  for (const line of lines) {
    if (line === '') {
      blank = true;
      continue;
    }
    const numbered = ownNumber(line);
    const rest = (numbered ? numbered.rest : line).replace(/\t+/g, ' ').trim();
    const current = points[points.length - 1];
    const referenceStart = options.startsWithReference(rest);

    let continues = false;
    if (current) {
      const last = current.lines[current.lines.length - 1] ?? '';
      const headOpen = ENDS_OPEN.test(current.lines[0] ?? '') || current.lines[0] === '';
      if (numbered) {
        // A sub-list ((1) (2) under 1.) stays with a point whose head opened it with a colon.
        continues = current.head !== null && numbered.own.style !== current.head.style && headOpen && !referenceStart;
      } else if (ENDS_OPEN.test(last)) {
        // 「建议将第5项修改如下：」 and the wording on the next line are one point.
        continues = true;
      } else if (!referenceStart) {
        // An unnumbered line continues a numbered point when no blank line comes between, unless
        // it names a paragraph of its own.
        continues = current.head !== null && !blank && !options.hasReference(rest);
      }
    }
    // A continuation keeps its own sub-numbering (（1）…（2）…); only a point's head loses the reply's number.
    if (continues && current) current.lines.push(line.replace(/\t+/g, ' ').trim());
    else points.push({ head: numbered?.own ?? null, lines: [rest], blankBefore: blank });
    blank = false;
  }

  return {
    points: points
      .map((point) => ({ own: point.head, text: point.lines.filter(Boolean).join('\n').trim() }))
      .filter((point) => point.text !== ''),
    pointsToAttachment,
  };
}
