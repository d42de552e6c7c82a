// Chinese numerals as they appear in government numbering: 一、 第十四条 第一百零二条 (二十一).
const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const CN_NUMERAL_CLASS = '零〇一二两三四五六七八九十百千';

export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!text || ![...text].every((ch) => ch in DIGITS || ch in UNITS)) return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const unit = UNITS[ch]!;
    // 十四 has no leading digit: it means one ten.
    total += (digit ?? 1) * unit;
    digit = null;
  }
  if (digit !== null) total += digit;
  return total;
}

const SMALL = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

export function toChineseNumber(n: number): string {
  if (n < 10) return SMALL[n]!;
  if (n < 20) return '十' + (n % 10 ? SMALL[n % 10] : '');
  if (n < 100) return SMALL[Math.floor(n / 10)] + '十' + (n % 10 ? SMALL[n % 10] : '');
  if (n < 1000) {
    const rest = n % 100;
    const restText = rest === 0 ? '' : rest < 10 ? '零' + SMALL[rest] : rest < 20 ? '一' + toChineseNumber(rest) : toChineseNumber(rest);
    return SMALL[Math.floor(n / 100)] + '百' + restText;
  }
  return String(n);
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

export function circledNumber(ch: string): number | null {
  const index = CIRCLED.indexOf(ch);
  return index < 0 ? null : index + 1;
}

export function toCircled(n: number): string | null {
  return CIRCLED[n - 1] ?? null;
}

export const CIRCLED_CLASS = CIRCLED;
