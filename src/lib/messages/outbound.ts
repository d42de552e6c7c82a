// Strings of outgoing notices that are not about departments (outcome notices), Chinese first.
// Merged into the one dictionary by ../i18n.ts.
import type { Message } from './types.ts';

export const zh = {
  'outbound.decision.adopted': '采纳',
  'outbound.decision.partly_adopted': '部分采纳',
  'outbound.decision.not_adopted': '不采纳',
  'outbound.decision.explained': '已解释说明',

  'outbound.outcome.subject': (p) => `您对《${p.title}》所提意见的处理情况`,
  'outbound.outcome.greeting': (p) => `${p.name}，您好：`,
  'outbound.outcome.greeting.anonymous': '您好：',
  'outbound.outcome.intro': (p) => `感谢您对《${p.title}》提出意见。起草单位已逐条研究，处理情况如下：`,
  'outbound.outcome.item': (p) => `意见编号 ${p.tracking}（${p.on}）：${p.decision}`,
  'outbound.outcome.general': '全文',
  'outbound.outcome.excerpt': (p) => `您的意见：${p.excerpt}`,
  'outbound.outcome.reason': (p) => `处理说明：${p.reason}`,
  'outbound.outcome.statement': (p) => `起草单位说明：${p.statement}`,
  'outbound.outcome.link': (p) => `全部意见的处理情况：${p.url}`,
  'outbound.outcome.track': (p) => `查询意见：${p.url}`,
  'outbound.outcome.thanks': '感谢您的参与。',
  'outbound.outcome.footer': (p) => `此邮件由“意见”征求意见平台代${p.issuer}发送，请勿直接回复。`,
  'outbound.outcome.footer.noIssuer': '此邮件由“意见”征求意见平台发送，请勿直接回复。',
} satisfies Record<string, Message>;

export const en: Record<keyof typeof zh, Message> = {
  'outbound.decision.adopted': 'adopted',
  'outbound.decision.partly_adopted': 'partly adopted',
  'outbound.decision.not_adopted': 'not adopted',
  'outbound.decision.explained': 'explained',

  'outbound.outcome.subject': (p) => `The outcome of your comments on “${p.title}”`,
  'outbound.outcome.greeting': (p) => `Dear ${p.name},`,
  'outbound.outcome.greeting.anonymous': 'Hello,',
  'outbound.outcome.intro': (p) => `Thank you for commenting on “${p.title}”. The drafting office has considered each comment:`,
  'outbound.outcome.item': (p) => `Comment ${p.tracking} (${p.on}): ${p.decision}`,
  'outbound.outcome.general': 'whole draft',
  'outbound.outcome.excerpt': (p) => `Your comment: ${p.excerpt}`,
  'outbound.outcome.reason': (p) => `Reason: ${p.reason}`,
  'outbound.outcome.statement': (p) => `The office’s statement: ${p.statement}`,
  'outbound.outcome.link': (p) => `How every comment was handled: ${p.url}`,
  'outbound.outcome.track': (p) => `Look up a comment: ${p.url}`,
  'outbound.outcome.thanks': 'Thank you for taking part.',
  'outbound.outcome.footer': (p) => `Sent by the yijian consultation platform on behalf of ${p.issuer}; please do not reply to this email.`,
  'outbound.outcome.footer.noIssuer': 'Sent by the yijian consultation platform; please do not reply to this email.',
};
