// Strings of the mail module, Chinese first. Merged into the one dictionary by ../i18n.ts.
import type { Message } from './types.ts';

export const zh = {
  // Acknowledgements (src/mail/intake.ts), sent in the sender's language.
  'mail.ack.subject': (p) => `已收到您对《${p.title}》的意见`,
  'mail.ack.subject.noComments': (p) => `已记录：对《${p.title}》无意见`,
  'mail.ack.subject.received': '已收到您的来信',
  'mail.ack.greeting': (p) => (p.name ? `${p.name}：` : '您好：'),
  'mail.ack.received': (p) => `我们已收到您于 ${p.received}（北京时间）发来的邮件。`,
  'mail.ack.unassignedNext': '工作人员确定它所属的征求意见稿并登记后，将再发邮件告知查询编号。',
  'mail.ack.numbers': '查询编号：',
  'mail.ack.numberLine': (p) => `${p.number}　${p.target}`,
  'mail.ack.general': '总体意见',
  'mail.ack.track': (p) => `可凭查询编号在 ${p.url} 查看处理情况。`,
  'mail.ack.attachments': (p) => `附件 ${p.count} 个已留存，供工作人员阅读。`,
  'mail.ack.footer': (p) => `本邮件由「意见」征求意见平台自动发送，请勿直接回复本邮件。${p.title ? `\n征求意见：《${p.title}》` : ''}`,

  // SMTP replies: ASCII-safe English first for mail servers' logs, then Chinese for the sender.
  'mail.smtp.unknownRecipient': (p) => `<${p.address}>: no consultation receives mail at this address / 本平台没有这个征求意见收件地址，请核对公告中的邮箱`,
  'mail.smtp.tooBig': (p) => `Message too big: the limit is ${p.mb} MB / 邮件超过 ${p.mb} MB，请压缩附件或分几封发送`,
  'mail.smtp.tryLater': 'Could not store the message, please try again later / 暂时无法保存邮件，请稍后重发',
  'mail.smtp.accepted': (p) => `Stored as message ${p.id} / 已收到并保存`,

  // Reasons an officer sees on a message that needs attention.
  'mail.reason.failed': (p) => `处理时出错：${p.error}`,

  // The consultation page: where to send feedback by email.
  'mail.page.intake': (p) => `电子邮件（本平台收件，按条款自动登记并回复查询编号）：发送至 ${p.email}`,
  'mail.page.noticeEmail': (p) => `电子邮件（原公告所列邮箱）：发送至 ${p.email}`,
} satisfies Record<string, Message>;

export const en: Record<keyof typeof zh, Message> = {
  'mail.ack.subject': (p) => `Received: your comments on “${p.title}”`,
  'mail.ack.subject.noComments': (p) => `Recorded: no comments on “${p.title}”`,
  'mail.ack.subject.received': 'We received your message',
  'mail.ack.greeting': (p) => (p.name ? `Dear ${p.name},` : 'Hello,'),
  'mail.ack.received': (p) => `We received your message of ${p.received} (Beijing time).`,
  'mail.ack.unassignedNext': 'Once staff have filed it under the right draft, we will send you its tracking numbers.',
  'mail.ack.numbers': 'Tracking numbers:',
  'mail.ack.numberLine': (p) => `${p.number}  ${p.target}`,
  'mail.ack.general': 'general',
  'mail.ack.track': (p) => `Use a tracking number at ${p.url} to see what became of your comment.`,
  'mail.ack.attachments': (p) => `${p.count} attachment(s) kept for staff to read.`,
  'mail.ack.footer': (p) => `Sent automatically by the yijian consultation platform; please do not reply to this message.${p.title ? `\nConsultation: “${p.title}”` : ''}`,

  'mail.smtp.unknownRecipient': (p) => `<${p.address}>: no consultation receives mail at this address / 本平台没有这个征求意见收件地址，请核对公告中的邮箱`,
  'mail.smtp.tooBig': (p) => `Message too big: the limit is ${p.mb} MB / 邮件超过 ${p.mb} MB，请压缩附件或分几封发送`,
  'mail.smtp.tryLater': 'Could not store the message, please try again later / 暂时无法保存邮件，请稍后重发',
  'mail.smtp.accepted': (p) => `Stored as message ${p.id} / 已收到并保存`,

  'mail.reason.failed': (p) => `Processing failed: ${p.error}`,

  'mail.page.intake': (p) => `Email (received here, filed by paragraph, answered with tracking numbers): send to ${p.email}`,
  'mail.page.noticeEmail': (p) => `Email (the address in the original notice): send to ${p.email}`,
};
