// Spam and mail that has nothing to do with a consultation (invoice offers, promotions, e-invoice
// notifications, lottery, SEO…). Pure. Several signals are scored, and the evidence that a
// message is real feedback counts against them, so a department writing about 发票管理 or 优惠政策
// in a draft on tax policy is not set aside: one word is never enough.
import type { SpamSignal } from './types.ts';

export interface SpamInput {
  subject: string;
  text: string;
  fromAddress: string | null;
  bulk: boolean;
  /** The sender is a known unit. */
  knownUnit: boolean;
  /** The text names the consultation's title or one of its paragraphs. */
  namesDraft: boolean;
  /** The text says 无意见 or offers 意见/建议 in words. */
  soundsLikeFeedback: boolean;
}

export interface SpamVerdict {
  spam: boolean;
  score: number;
  /** The signals found, as codes the dictionary words for the officer (`mail.spam.<code>`). */
  signals: SpamSignal[];
}

interface Signal {
  code: SpamSignal['code'];
  weight: number;
  pattern: RegExp;
}

const SIGNALS: Signal[] = [
  { code: 'invoice-offer', weight: 5, pattern: /代开|代办发票|(出售|售卖|提供|长期|可开|代理)[^。，\n]{0,8}发票|发票[^。，\n]{0,6}(代开|出售|点数|税点)|票点|税点/ },
  { code: 'invoice-notice', weight: 4, pattern: /电子发票|发票号码|开票日期|价税合计|invoice (no|number|#)|amount due|payment due|your invoice/i },
  { code: 'lottery', weight: 5, pattern: /中奖|恭喜您?(获得|获|成为)|领取奖|彩票|博彩|娱乐城|棋牌|百家乐|真人(娱乐|视讯)|\b(casino|lottery|jackpot|prize|you (have )?won)\b/i },
  { code: 'seo', weight: 4, pattern: /\bSEO\b|网站优化|关键词排名|快速排名|百度推广|竞价推广|网络推广|引流|涨粉|search engine (optimi[sz]ation|ranking)|\bbacklinks?\b/i },
  { code: 'loan', weight: 3, pattern: /无抵押|免抵押|贷款|借款|套现|信用卡|理财产品|高收益|稳赚|\b(loan offer|crypto|bitcoin|investment opportunity)\b/i },
  { code: 'promotion', weight: 2, pattern: /促销|特价|折扣|优惠券|限时|秒杀|抢购|包邮|大促|清仓|低至|[0-9一二三四五六七八九]折|free (gift|trial|shipping)|limited[- ]time|discount|% off|special offer|buy now/i },
  { code: 'contact-bait', weight: 2, pattern: /加(微信|微|V|v|QQ|扣扣)|微信号|微信[:：]|VX[:：]|QQ[:：]\s*\d|whatsapp|telegram/i },
  { code: 'unsubscribe', weight: 3, pattern: /退订|取消订阅|unsubscribe|opt[- ]out/i },
  { code: 'ad-mark', weight: 4, pattern: /^\s*[(（\[【]?\s*(AD|广告)\s*[)）\]】]|^AD[:：\s]/i },
  { code: 'click-here', weight: 1, pattern: /点击(链接|这里|此处|下方)|click (here|below|the link)|立即(领取|购买|注册|咨询)/i },
];

export function judgeSpam(input: SpamInput): SpamVerdict {
  const whole = `${input.subject}\n${input.text}`;
  let score = 0;
  const signals: SpamSignal[] = [];
  for (const signal of SIGNALS) {
    const target = signal.code === 'ad-mark' ? input.subject : whole;
    if (signal.pattern.test(target)) {
      score += signal.weight;
      signals.push({ code: signal.code });
    }
  }
  const links = whole.match(/https?:\/\/|www\./gi)?.length ?? 0;
  if (links >= 3) {
    score += 2;
    signals.push({ code: 'links', count: links });
  }
  // List-Unsubscribe or Precedence: bulk: newsletters and campaigns, never a department's reply.
  if (input.bulk) {
    score += 3;
    signals.push({ code: 'bulk' });
  }
  if (input.fromAddress && /^(no-?reply|noreply|newsletter|marketing|promo|ads?|info)@/i.test(input.fromAddress)) {
    score += 1;
    signals.push({ code: 'marketing-sender' });
  }

  // Evidence of real feedback.
  if (input.knownUnit) score -= 6;
  if (input.namesDraft) score -= 3;
  if (input.soundsLikeFeedback) score -= 2;

  return { spam: score >= 4, score, signals };
}
