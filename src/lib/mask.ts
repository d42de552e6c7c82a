// Personal data a commenter typed into the text of a comment is masked before the text is shown
// publicly: mobile and landline numbers, ID card numbers and email addresses.
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})[- ]?(\d{7,8})(?!\d)/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

export function maskPersonalData(text: string): string {
  return text
    // First six and last four stay, as on official documents; the birth date goes.
    .replace(ID_CARD, (_m, region: string, _birth: string, tail: string) => `${region}********${tail}`)
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(MOBILE, (_m, cc: string | undefined, a: string, _b: string, c: string) => `${cc ?? ''}${a}****${c}`)
    .replace(LANDLINE, (_m, area: string, number: string) => `${area}-${'*'.repeat(number.length - 2)}${number.slice(-2)}`);
}

/** 张三 → 张*; Zhang San → Z***: how a private commenter's name appears in the public report. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (/^[\u4e00-\u9fff]/.test(chars[0]!)) return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
  return chars[0] + '***';
}
