// Text of a file whose charset nobody declared: a .txt attached to a department's reply was saved
// by Notepad in UTF-8 (with or without a BOM), or in the system code page — GBK on the mainland,
// Big5 in Taiwan and Hong Kong. Pure; uses only WHATWG TextDecoder (Node 20 with full ICU, Workers).
//
// Order: a BOM decides; bytes that are valid UTF-8 are UTF-8 (a GBK or Big5 file of any length
// almost never is); otherwise GB18030 (a superset of GB2312 and GBK) unless the bytes read as Big5
// and, as Big5, spell clearly more of the commonest Chinese characters than they do as GB18030.
// Any double-byte text decodes "validly" as both, so validity alone cannot choose; but the wrong
// decoding is a random scatter over the whole CJK block and almost never lands on 的、是、国…

export interface DecodedText {
  text: string;
  charset: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';
  /** True when the bytes had to be decoded with replacement characters. */
  lossy: boolean;
}

// The commonest characters of official Chinese prose, in both simplified and traditional forms
// (characters whose forms coincide appear once). Used only to compare two decodings.
const COMMON = new Set(
  [...(
    '的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心本前开開但因只从從想实實日者意无無力与與长長把机機' +
    '区區局委办辦单單位项項条條点點款意见見建议議修改增加删刪除内內容工作要提高推进進发展展环環境保护護生态態治理设設施项目目标標责責任落实實部门門政府镇鎮街乡鄉县縣市省' +
    '关關于於对對据據应應将將及等并並按照加强強完善规規划劃管制度体體系统統织織领領导導经濟济村农農业業水利林資资金财財务務交通建城规' +
    '请請谢謝此致敬礼禮您好以上下表示同意研究联聯系係电電话話邮郵件附件稿征徵求时時间間日月年'
  )],
);

function score(text: string): number {
  let common = 0;
  for (const ch of text) if (COMMON.has(ch)) common += 1;
  return common;
}

function tryDecode(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeTextBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8', lossy: false };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le', lossy: false };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be', lossy: false };
  }
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', lossy: false };

  const gb = tryDecode(bytes, 'gb18030');
  const big5 = tryDecode(bytes, 'big5');
  if (big5 !== null && (gb === null || score(big5) > score(gb) * 1.5 + 2)) {
    return { text: big5, charset: 'big5', lossy: false };
  }
  if (gb !== null) return { text: gb, charset: 'gb18030', lossy: false };
  return { text: new TextDecoder('gb18030').decode(bytes), charset: 'gb18030', lossy: true };
}
