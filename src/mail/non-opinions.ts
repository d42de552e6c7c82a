// What in a department's reply is not an opinion on the draft, and what kind of thing it is: the
// salutation (「区发改委：」「您好！」), the receipt and introduction (「你委……收悉」「经研究，现将
// 意见反馈如下：」), pointers to attachments (「详细意见见附件」), sign-offs (「以上意见供参考」「此致
// 敬礼」), the signature block (unit, person, date, 联系人/电话), captions of feedback forms, and
// 无意见 — on one paragraph, on the whole draft, or on the rest of it (「其他内容无意见」). Pure.
//
// Lines are tested on their folded form (traditional → simplified), so 「順頌商祺」 and 「敬啟者」
// are what 「顺颂商祺」 and 「敬启者」 are.
import { fold } from './references.ts';
import type { NonOpinionKind } from './types.ts';

export type { NonOpinionKind };

// ---------------------------------------------------------------------------------------------
// 无意见

const NO_OBJECTION =
  /(无|没有|暂无|并无|无其他|无任何|没有其他|无修改|无不同|无补充|无反馈|未提出|不提出|无新的?)(的)?(修改|补充|反馈|不同|其他|具体|新的?)?(意见|建议|异议|修改)|无异议|没意见|无意见|^\s*同意[。！!.]?\s*$|完全同意|表示同意|均同意|no (further |other |additional )?(comments?|objections?|suggestions?)|nothing (further )?to add|we agree\b/i;

// What a 无意见 sentence may contain besides the phrase itself.
const FILLER =
  /(经研究|经认真研究|经我局研究|经我委研究|经审阅|经认真审阅|经审核|认真|我单位|我局|我委|我办|我部|我们|我中心|我公司|我院|我镇|我乡|我司|本单位|本局|贵委|贵局|贵单位|你委|你局|对|于|关于|针对|该|此|本|上述|文件|稿件|文稿|征求意见稿|意见征求稿|工作要点|方案|表示|原则上|原则|同意|完全|均|特此|回复|反馈|报送|函复|现|将|的|并|已|阅|收悉|研究|后|了|内容|起草|草案|各项|全部|所有|部分|条款|其他|其它|其余|暂时|目前|hereby|we|our|the|draft|have|has|on|this|to|and|i|office|unit|other|items?|points?|parts?|remaining|rest|sections?)/gi;

// What a 无意见 sentence never contains: 「第5项建议删除，其他无意见」 proposes something.
const PROPOSAL = /(建议|删|增|改|补充|调整|明确|应当|应该|取消|加强|提高|降低|推迟|提前)/;

/** 「无意见」「我局对该稿无修改意见。」「对第3项无意见」: says 无意见 and little else. */
export function isNoObjection(text: string): boolean {
  if (!NO_OBJECTION.test(text)) return false;
  const residue = fold(text)
    .replace(/《[^《》]*》/g, '')
    .replace(/第\s*[\d零〇一二两三四五六七八九十百]+\s*(条|项|点|款|部分)/g, '')
    .replace(NO_OBJECTION, '')
    .replace(/(和|及|或)(建议|意见)/g, '')
    .replace(FILLER, '')
    .replace(/[\s\p{P}\p{S}\d]/gu, '');
  return [...residue].length <= 6 && !PROPOSAL.test(residue);
}

// 「其他内容无意见」「其余条款无修改意见」「除上述意见外，无其他意见」 "no other comments".
const ON_THE_REST = /(其他|其它|其余|余无|除此之外|除此以外|除上述|除以上|\bother\b|\bremaining\b|\brest\b)/i;

export function noObjectionKind(text: string): 'general-remark' | 'no-objection' {
  return ON_THE_REST.test(fold(text)) ? 'general-remark' : 'no-objection';
}

// ---------------------------------------------------------------------------------------------
// Patterns

const GREETING: RegExp[] = [
  /^(尊敬的)?[^，。；！？,.;!?]{0,30}(您好|你好|大家好)[!！,，。.~～：:]*$/,
  /^(尊敬的[^，。；！？]{1,30}|[^，。；！？\s]{1,30}(同志|老师|领导|科长|主任|局长|处长|先生|女士|同事们|各位)|各位[^，。；！？]{0,10}|敬启者)[:：,，!！]?$/,
  /^(dear|hi|hello|good (morning|afternoon|evening))\b[^.!?]{0,60}[,:!]?$/i,
];

/** 「您好！」 in front of the first sentence. */
export const LEADING_GREETING = /^([^，。；！？,.;!?]{0,30}[，,]?\s*)?(您好|你好|大家好)[！!，,。.~～]\s*/;

// Pleasantries around the feedback, not about the draft: 「不好意思，晚了一天。」
const CHITCHAT = /^(不好意思|抱歉|对不起|很抱歉|sorry)[^。！？]{0,20}[。！!.]?$/i;

// The heading of a feedback letter or form: 「区生态环境局关于《…》的反馈意见」「关于对《…》的复函」
// 「竟成镇对垃圾治理办法的意见」「《…》征求意见反馈表」「附件1」.
const CAPTION: RegExp[] = [
  /^[^。！？；]{0,40}(关于|对)[^。！？；]{0,10}《[^》]+》[^。！？；]{0,16}(意见|建议|反馈|回复|复函|函|意见表|反馈表)$/,
  /^[^，。；：:,;！？!?]{0,30}(关于|对)[^，。；：:,;！？!?]{1,60}的[^，。；：:,;！？!?]{0,6}(意见|建议|反馈|复函|回复)(表|汇总表|反馈表)?$/,
  /^[^，。；：:,;！？!?]{0,80}(反馈|征求意见|修改意见|意见建议|意见汇总|修改|意见)表$/,
  /^附\s*件\s*\d{0,2}\s*[:：]?$/,
  // 「一、总体意见」「二、具体修改意见」: the headings of a letter's sections.
  /^([一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）])?\s*(总体|具体|主要|其他|有关|相关)?(修改)?(意见|建议|意见建议|意见和建议)$/,
];

// 「经研究，现将我局意见反馈如下：」 "Our comments are as follows:"
const INTRODUCTION =
  /^[^。！？]{0,80}(如下|以下|下列)(表|几点|几条|\d+条|[一二三四五六七八九十]条)?(意见|建议|修改意见|反馈意见|意见和建议|意见建议)?[:：。.]?$|\bas follows:?$|^(please find )?(our|my) comments( are)?( below)?:?$/i;
// 「你委《…》收悉。」「收到《…》后，我街道高度重视，……认真研究。」「来函已收悉，我们将尽快研究反馈。」
const RECEIPT = /(收悉|收到|已收到|经研究|经认真研究|认真研究|高度重视|经审查|合法性审查|审阅|研读)/;
// An introduction ending in a colon: 「提两点建议：」「对办法有三点看法：」 — but not 「建议增加以下内容：」.
const INTRO_WORDS = /(意见|建议|看法|想法|反馈|如下|以下|下列)[^，。：:“”"「」]{0,10}[:：]$/;
// 「建议：」「意见：」「修改意见：」 alone: a label over the points that follow.
const LABEL = /^(我的|我们的|我局的?|几点|具体|总体|主要|其他|有关|补充(一条|一点|两点|几点)?)?(修改)?(意见|建议|意见建议|意见和建议)[:：]$/;
const PROPOSAL_START = /^(建议|请|应|将|把|增加|删除|修改|补充|调整|对于?第|关于第|在第)/;

const ATTACHMENT_POINTER: RegExp[] = [
  /^[^。！？]{0,40}(详见|见|请见|请查收|已附|附上|参见|见附件|请查阅|如)[^。！？]{0,20}(附件|附表|附档|附文)[^。！？]{0,20}[。！!.]?$/,
  /^[^。！？]{0,30}(意见|反馈|建议)[^。！？]{0,10}(在|见|如)附件[^。！？]{0,10}[。!.]?$/,
  /^附件(是|为)[^。！？]{0,20}(意见|反馈|建议|复函|回复)[^。！？]{0,10}[。!.]?$/,
  /^[^。！？]{0,30}(意见|反馈|建议)[^。！？]{0,6}附后[^。！？]{0,10}[。!.]?$/,
  /^(请查收|烦请查收|请查阅|请收阅)[。！!.]?$/,
  /^(please )?(see|find) (the )?attach(ed|ment)\b[^.]{0,60}\.?$/i,
];

const SIGN_OFF =
  /^(以上$|以上[。.！!]$|此致|敬礼|此致敬礼|此致，敬礼|谢谢|多谢|感谢|辛苦|辛苦了|顺祝|祝好|祝工作顺利|顺颂|顺致|特此(函告|函复|复函|回复|反馈|报告|说明)|专此|以上[，,]?请?(审阅|审定|参考|酌|阅)|以上(意见|建议|反馈意见|意见建议)[，,]?\s*(供参考|请参考|仅供参考|妥否[，,]?\s*请?(审阅|审定|酌|示)?|请酌|请审阅|请予以考虑|请予考虑|请研究|请斟酌|望采纳|供你们参考|供贵委参考)|以上是我(们)?的[^。！？]{0,10}(意见|建议|看法)|请审阅|请审定|请阅示|best regards|kind regards|regards|thanks|thank you|many thanks|sincerely|yours sincerely|cheers)[^\n，；。！!.]{0,24}[。！!.，,]*\s*(谢谢|感谢)?[。！!]?$/i;

// A sentence that names a paragraph or proposes wording is feedback, whatever it starts or ends with.
export const SUBSTANCE_REFERENCE = /第\s*[\d一二三四五六七八九十百]+\s*[条项点款]|修改为|改为|调整为/;
const SUBSTANCE = /第\s*[\d一二三四五六七八九十百]+\s*[条项点款部章]|修改为|改为|调整为|增加|删除|补充|建议/;

const UNIT_SUFFIX =
  '(局|委|办|办公室|院|所|中心|公司|集团|政府|街道|街道办事处|镇|乡|村|部|厅|处|科|股|室|组|站|队|会|社|馆|委员会|管委会|分局|支队|大队|协会|学校|医院|大学|学院|协|联|政协|人大)';
const UNIT_NAME = new RegExp(`^[\\u4e00-\\u9fa5（）()A-Za-z0-9·]{2,40}${UNIT_SUFFIX}(（盖章）|\\(盖章\\))?$`);
const DATE_LINE =
  /^(\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?|[二〇零一三四五六七八九十○]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|\d{1,2}月\d{1,2}日)$/;
const CONTACT_LINE =
  /^[（(]?\s*(联\s*系\s*人|经办人|承办人|填表人|填报人|联系电话|联系方式|电话|手机|传真|邮箱|电子邮箱|地址|邮编|反馈单位|填报单位|报送单位|E-?mail|Tel|Phone|Mobile|Fax)\s*(（盖章）|\(盖章\))?\s*[:：]/i;
const PHONE_ONLY = /^[\d\s\-+()（）]{7,20}$/;
const PERSON_NAME = /^[\u4e00-\u9fa5]{1,2}[\u4e00-\u9fa5·]{1,3}(\s+[\d\-]{7,15})?$/;
const NOT_A_NAME = /(意见|建议|同意|修改|删除|增加|补充|无|没有|谢谢|收到|好的|可以)/;
const LATIN_NAME = /^[A-Z][a-z]+(\s[A-Z][a-z.]+){0,3}$/;

export function isGreeting(line: string): boolean {
  const text = fold(line);
  if (GREETING.some((pattern) => pattern.test(text))) return true;
  // 「昌江区发改委：」: an addressee on its own line — short, ends with a colon, says nothing else.
  return /^[^，。；！？,;!?\s\d]{2,24}[:：]$/.test(text) && !/(意见|建议|如下|以下|第|关于|理由|说明)/.test(text);
}

export function isUnitName(text: string): boolean {
  const key = fold(text).replace(/\s/g, '');
  return UNIT_NAME.test(key) && key.replace(/（盖章）|\(盖章\)/, '').length >= 3 && key !== '办公室';
}

function isPersonName(text: string): boolean {
  return (PERSON_NAME.test(text) && !NOT_A_NAME.test(text) && !isUnitName(text)) || LATIN_NAME.test(text);
}

/** A line of the signature block: unit, person, date, contact — or several on one line. */
export function signatureKind(line: string): 'signature' | 'date' | 'contact' | null {
  const text = fold(line).replace(/\s+/g, ' ').trim();
  if (text.length > 60) return null;
  const compact = text.replace(/\s/g, '');
  if (DATE_LINE.test(compact)) return 'date';
  if (CONTACT_LINE.test(text) || PHONE_ONLY.test(text)) return 'contact';
  if (UNIT_NAME.test(compact) || isPersonName(text)) return 'signature';
  // 「区住建局 张三 13800000000」: a unit, a name and a number on one line.
  const parts = text.split(/\s+/);
  const signs = parts.length >= 2 && parts.every((part) => UNIT_NAME.test(part) || PERSON_NAME.test(part) || PHONE_ONLY.test(part) || DATE_LINE.test(part));
  return signs ? 'signature' : null;
}

export function isSignOff(line: string): boolean {
  const text = fold(line);
  return SIGN_OFF.test(text) && !SUBSTANCE_REFERENCE.test(text);
}

/** After a sign-off: the signature, made of short lines that say nothing about the draft. */
export function signsAfterSignOff(line: string): boolean {
  return signatureKind(line) !== null || (line.length <= 20 && !/[，。；！？,;!?]/.test(line) && !SUBSTANCE.test(line));
}

function unbracketed(text: string): string {
  const match = /^[（(](.*)[)）]$/.exec(text);
  return match && !/[（(]/.test(match[1]!) ? match[1]! : text;
}

/**
 * The kind of a whole line or sentence that is not an opinion, or null. `leading`: nothing of
 * substance came before it (salutations and document titles only count there).
 */
export function classify(line: string, leading: boolean): NonOpinionKind | null {
  const text = fold(line.trim());
  if (text === '') return null;
  const bare = unbracketed(text);
  const reference = SUBSTANCE_REFERENCE.test(text);
  if (CAPTION.some((pattern) => pattern.test(text)) && !/第\s*[\d一二三四五六七八九十百]+\s*[条项点款]/.test(text)) return 'caption';
  if (leading && isGreeting(text)) return 'salutation';
  if (CHITCHAT.test(text)) return 'salutation';
  if (!reference && ATTACHMENT_POINTER.some((pattern) => pattern.test(bare))) return 'pointer';
  if (isNoObjection(text)) return noObjectionKind(text);
  if (isSignOff(text) && text.length <= 40) return 'signoff';
  if (LABEL.test(text)) return 'receipt';
  if (!reference && text.length <= 120 && (INTRODUCTION.test(text) || (RECEIPT.test(text) && !SUBSTANCE.test(text)))) return 'receipt';
  if (!reference && text.length <= 80 && INTRO_WORDS.test(text) && !PROPOSAL_START.test(text) && !/[“”"「」]/.test(text)) return 'receipt';
  if (DATE_LINE.test(text.replace(/\s/g, ''))) return 'date';
  if (CONTACT_LINE.test(bare) || (CONTACT_LINE.test(text) && text.length <= 80)) return 'contact';
  if (PHONE_ONLY.test(text)) return 'contact';
  return null;
}

/** A row of cells that are all contact details: 「反馈单位：区住建局 | 联系人：张三 138…」. */
export function isContactRow(cells: string[]): boolean {
  const filled = cells.map((cell) => cell.trim()).filter(Boolean);
  return filled.length > 0 && filled.every((cell) => CONTACT_LINE.test(fold(cell)) || DATE_LINE.test(cell.replace(/\s/g, '')));
}

// ---------------------------------------------------------------------------------------------
// Sentences

const OPEN = '“「『《（(‘';
const CLOSE = '”」』》）)’';

/** A line cut after 。！？；, never inside quotes or brackets; the pieces keep their punctuation. */
export function sentences(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (OPEN.includes(ch)) depth += 1;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && '。！？!?；;'.includes(ch)) {
      let end = i + 1;
      while (end < line.length && '。！？!?；;”」'.includes(line[end]!)) end += 1;
      out.push(line.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < line.length) out.push(line.slice(start));
  return out.map((piece) => piece.trim()).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Unit names in a signature or display name

const STAMP = /（盖章）|\(盖章\)|盖章/g;

/**
 * The units named in a display name or a signature line: 「区交通局 赵强」 → 区交通局; a unit and its
 * section written apart, 「区发改委 规划股」, are one name, 区发改委规划股.
 */
export function unitNamesIn(text: string): string[] {
  const tokens = text.replace(STAMP, '').split(/[\s,，、\-_/|<>:：]+/).filter(Boolean);
  const names: string[] = [];
  let run = '';
  for (const token of tokens) {
    const bare = token.replace(/^[（(]|[)）]$/g, '');
    if (isUnitName(bare) || (run && UNIT_NAME.test(`区${fold(bare)}`) && bare.length >= 2 && !isPersonName(bare))) run += bare;
    else {
      if (run) names.push(run);
      run = '';
    }
  }
  if (run) names.push(run);
  return names;
}
