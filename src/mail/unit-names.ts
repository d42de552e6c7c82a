// Which rostered unit a name a sender signs with stands for: 「区发改委」 for 区发展和改革委员会,
// 「昌江区生态环境局」 for 区生态环境局, 「区发改委规划股」 for 区发改委. Pure.
//
// Careful by design: a proposal is filed with the message and counted as the unit's only once an
// officer confirms it, and a name that fits two units proposes neither (the candidates are kept).
// Names are compared in tiers, and a tier that finds one unit wins over the looser ones:
//   1. the same name, or the same name once the standard short forms are applied on both sides
//      (发展和改革委员会 → 发改委, 人民政府 → 政府, 委员会 → 委 …: a fixed table, never a guess);
//   2. the same name with a place in front (昌江区 + 区生态环境局, 宜兴市 + 商务局);
//   3. a division of the unit (区发改委 + 规划股, 区住建局 + 办公室), with or without the place.
// Near-misses such as 区农业农村局 / 区农业农村水利局 or 区文旅新局 / 区文广新旅局 match nothing:
// they may be one unit or two, and the office merges typo variants itself.
import { searchKey } from '../lib/chinese.ts';

// Standard short forms of government bodies, longest first within a row. Both sides of a
// comparison are shortened the same way, so a roster that writes the long form and a signature
// that writes the short one meet.
const SHORT_FORMS: [RegExp, string][] = [
  [/发展和改革委员会|发展改革委员会|发展和改革委|发展改革委/g, '发改委'],
  [/发展和改革局|发展改革局/g, '发改局'],
  [/卫生和健康委员会|卫生健康委员会|卫生健康委/g, '卫健委'],
  [/卫生健康局/g, '卫健局'],
  [/人力资源和社会保障局|人力资源社会保障局/g, '人社局'],
  [/住房和城乡建设局|住房城乡建设局/g, '住建局'],
  [/市场监督管理局/g, '市场监管局'],
  [/工业和信息化局|工业和信息化委员会/g, '工信局'],
  [/科学技术局/g, '科技局'],
  [/教育和体育局|教育体育局/g, '教体局'],
  [/文化广电新闻出版旅游局/g, '文广新旅局'],
  [/文化广电和旅游局|文化广电旅游局/g, '文广旅局'],
  [/文化和旅游局/g, '文旅局'],
  [/国有资产监督管理委员会/g, '国资委'],
  [/交通运输局/g, '交通局'],
  [/应急管理局/g, '应急局'],
  [/退役军人事务局/g, '退役军人局'],
  [/城市管理综合行政执法局|城市管理行政执法局/g, '城管执法局'],
  [/城市管理局/g, '城管局'],
  [/城市建设投资/g, '城投'],
  [/人民代表大会常务委员会/g, '人大常委会'],
  [/村?村民委员会/g, '村委会'],
  [/居民委员会/g, '居委会'],
  [/(镇|乡)人民政府$/g, '$1'],
  [/(镇|乡)政府$/g, '$1'],
  [/街道办事处/g, '街道'],
  [/人民政府/g, '政府'],
  [/办公室/g, '办'],
  [/管理委员会/g, '管委会'],
  [/委员会/g, '委'],
  [/股份有限公司|有限责任公司|有限公司/g, '公司'],
];

// A level of government in front of a body's name: 区生态环境局, 市商务局, 县财政局.
const LEVEL = /^[省市区县]/;
// A place, with its level: 昌江区, 景德镇市, 宜兴市 (one or two of them: 景德镇市昌江区).
const PLACE = /^(?:[^省市区县\d]{2,4}[省市区县]){1,2}$/;
// A part of a body: 规划股, 办公室 (办 once shortened), 法规科, 环保部, 综合处.
const DIVISION = /^[^省市区县]{0,8}(股|科|室|处|办|组|部|站|所|队|中心)$/;

/** The name as compared: folded (traditional, full width, case), without spaces, punctuation or a stamp. */
export function unitNameKey(name: string): string {
  return searchKey(name.replace(/[（(]\s*盖\s*章\s*[)）]/g, ''));
}

// Roster names are compared with every message from an unknown address: their forms are kept.
const shortForms = new Map<string, string>();

/** The key with the standard short forms applied. */
export function shortUnitName(name: string): string {
  const known = shortForms.get(name);
  if (known !== undefined) return known;
  let key = unitNameKey(name);
  for (const [long, short] of SHORT_FORMS) key = key.replace(long, short);
  if (shortForms.size > 5000) shortForms.clear();
  shortForms.set(name, key);
  return key;
}

export type UnitNameMatch = 'same' | 'abbreviation' | 'place' | 'division';

const TIER: Record<UnitNameMatch, number> = { same: 1, abbreviation: 1, place: 2, division: 3 };

/** A place in front: S = place + R (R may begin with its level, 区生态环境局; or not, 商务局). */
function withPlace(longer: string, shorter: string): boolean {
  if (longer.length <= shorter.length || !longer.endsWith(shorter)) return false;
  const prefix = longer.slice(0, longer.length - shorter.length);
  // 昌江 + 区生态环境局: the place's own level is the name's first character.
  if (LEVEL.test(shorter) && PLACE.test(prefix + shorter[0])) return true;
  // 宜兴市 + 商务局, or a bare level (市 + 卫健委) in front of a name written without one.
  return !LEVEL.test(shorter) && (PLACE.test(prefix) || /^[市区县]$/.test(prefix));
}

/** How a name a sender wrote matches a unit's name, or null. */
export function matchUnitName(written: string, unitName: string): UnitNameMatch | null {
  const rawSender = unitNameKey(written);
  const rawUnit = unitNameKey(unitName);
  if (rawSender.length < 2 || rawUnit.length < 2) return null;
  if (rawSender === rawUnit) return 'same';
  const s = shortUnitName(written);
  const u = shortUnitName(unitName);
  if (s === u) return 'abbreviation';
  if (withPlace(s, u) || withPlace(u, s)) return 'place';
  // A division: the unit's name (perhaps with a place in front), then the part.
  for (let end = s.length - 1; end >= u.length; end--) {
    const head = s.slice(0, end);
    if (!DIVISION.test(s.slice(end))) continue;
    if (head === u || withPlace(head, u)) return 'division';
  }
  return null;
}

export interface UnitCandidate {
  id: number;
  name: string;
}

export type UnitNameVerdict<U extends UnitCandidate> =
  | { kind: 'one'; unit: U; as: string; match: UnitNameMatch }
  | { kind: 'ambiguous'; as: string; candidates: U[] }
  | { kind: 'none' };

/**
 * The one unit the names point to, tier by tier: the best tier any name reaches decides, and
 * within it every name that matches must point to the same single unit.
 */
export function pickUnitByNames<U extends UnitCandidate>(names: string[], units: U[]): UnitNameVerdict<U> {
  const found: { name: string; unit: U; match: UnitNameMatch }[] = [];
  for (const name of names) {
    for (const unit of units) {
      const match = matchUnitName(name, unit.name);
      if (match) found.push({ name, unit, match });
    }
  }
  if (found.length === 0) return { kind: 'none' };
  const best = Math.min(...found.map((f) => TIER[f.match]));
  const inTier = found.filter((f) => TIER[f.match] === best);
  const distinct = [...new Map(inTier.map((f) => [f.unit.id, f.unit])).values()];
  if (distinct.length > 1) return { kind: 'ambiguous', as: inTier[0]!.name, candidates: distinct };
  const first = inTier[0]!;
  return { kind: 'one', unit: first.unit, as: first.name, match: first.match };
}
