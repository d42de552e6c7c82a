// Slugs and intake addresses: what a consultation is called in URLs and in its email address.
// Pure: uniqueness is checked against the database by the routes.

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,79}$/;
/** The local part of an intake address: letters, digits, dot, hyphen, underscore. */
export const INTAKE_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

/** Words of our own URLs under /office/consultations/, and mail names every domain keeps. */
export const RESERVED_SLUGS = new Set(['new', 'api', 'static', 'office']);
export const RESERVED_LOCAL_PARTS = new Set(['postmaster', 'abuse', 'hostmaster', 'webmaster', 'noreply', 'no-reply', 'mailer-daemon', 'bounce', 'bounces', 'root', 'admin']);

// The first character of each pinyin initial in collation order: a character sorting at or after
// 八 and before 嚓 reads with a "b". Intl's pinyin collation carries the dictionary, so no table here.
const INITIAL_BOUNDARIES = '阿八嚓哒妸发旮哈讥咔垃痳拏噢妑七呥仨他屲夕丫帀';
const INITIALS = 'abcdefghjklmnopqrstwxyz';
let collator: Intl.Collator | null = null;

function pinyinInitial(ch: string): string {
  collator ??= new Intl.Collator('zh-CN-u-co-pinyin');
  let initial = '';
  for (let i = 0; i < INITIAL_BOUNDARIES.length; i++) {
    if (collator.compare(ch, INITIAL_BOUNDARIES[i]!) >= 0) initial = INITIALS[i]!;
    else break;
  }
  return initial;
}

// Words every title carries, which would only make slugs alike.
const NOISE = /关于|關於|征求意见稿|徵求意見稿|征求意见|徵求意見|草案|送审稿|的通知|公开|印发/g;

/**
 * A suggestion from the title: ASCII words and years as they are, Chinese characters by their
 * pinyin initials (长江经济带 → cjjjd). The officer can change it; it only has to be readable.
 */
export function suggestSlug(title: string): string {
  const words: string[] = [];
  let current = '';
  let currentIsHan = false;
  const flush = () => {
    if (current) words.push(current);
    current = '';
  };
  for (const ch of title.replace(NOISE, ' ').normalize('NFKC')) {
    if (/[A-Za-z0-9]/.test(ch)) {
      if (currentIsHan) flush();
      currentIsHan = false;
      current += ch.toLowerCase();
    } else if (/\p{Script=Han}/u.test(ch)) {
      if (!currentIsHan) flush();
      currentIsHan = true;
      if (current.length < 12) current += pinyinInitial(ch);
    } else {
      flush();
    }
  }
  flush();
  const slug = words.filter(Boolean).join('-').slice(0, 60).replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'draft';
}
