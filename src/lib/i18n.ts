// Chinese first, English second. Every user-facing string lives here, keyed, in both languages.
import type { Locale } from './time.ts';

export type { Locale };

import type { Message, Params } from './messages/types.ts';
import * as auth from './messages/auth.ts';
import * as mail from './messages/mail.ts';
import * as office from './messages/office.ts';
import * as reports from './messages/reports.ts';
import * as review from './messages/review.ts';
import * as departments from './messages/departments.ts';
import * as outbound from './messages/outbound.ts';
import * as importReport from './messages/import.ts';
import * as privacy from './messages/privacy.ts';
import * as files from './messages/files.ts';
import * as versions from './messages/versions.ts';
import * as audit from './messages/audit.ts';
import * as citizens from './messages/citizens.ts';

const zh = {
  // Each module keeps its own strings in ./messages/; this file holds the public site's.
  ...auth.zh,
  ...mail.zh,
  ...office.zh,
  ...review.zh,
  ...reports.zh,
  ...departments.zh,
  ...outbound.zh,
  ...importReport.zh,
  ...privacy.zh,
  ...files.zh,
  ...versions.zh,
  ...audit.zh,
  ...citizens.zh,
  'site.name': '意见',
  'site.tagline': '政策文件征求意见平台',
  'nav.home': '征求意见',
  'nav.track': '查询意见',
  'nav.api': '开放数据',
  'nav.skip': '跳到正文',
  'nav.label': '主导航',
  'nav.officeLabel': '工作台导航',
  'block.item': (p) => `第${p.number}项`,
  'block.thisParagraph': '本段',
  'form.invalidValue': '该项的值无效，请检查。',
  'form.tooLong': (p) => `不能超过 ${p.max} 个字。`,
  'pager.label': '翻页',
  'pager.prev': '上一页',
  'pager.next': '下一页',
  'pager.page': (p) => `第 ${p.page} 页`,
  'pager.pageOf': (p) => `第 ${p.page} 页，共 ${p.pages} 页`,
  'nav.switchLanguage': 'English',
  'footer.note': '本平台收集的联系方式仅供起草单位联系意见提出人，不会公开。',
  'footer.times': '本站时间均为北京时间。',

  'home.title': '征求意见',
  'home.intro': '起草单位在此公开政策文件草案，逐条听取公众和有关单位的意见。',
  'home.open': '正在征求意见',
  'home.upcoming': '即将开始',
  'home.closed': '已结束',
  'home.none.open': '目前没有正在征求意见的文件。',
  'home.none.upcoming': '暂无即将开始的征求意见。',
  'home.none.closed': '暂无已结束的征求意见。',
  'home.search.label': '搜索草案内容',
  'home.search.placeholder': '输入关键词，简体繁体均可',
  'home.search.submit': '搜索',

  'phase.draft': '未发布',
  'phase.upcoming': '即将开始',
  'phase.open': '征求意见中',
  'phase.closed': '已结束',

  'window.range': (p) => `${p.opens} 至 ${p.closes}`,
  'window.closes': (p) => `截止 ${p.closes}`,
  'window.daysLeft': (p) => (p.days === 0 ? '今天截止' : `还剩 ${p.days} 天`),
  'window.opensOn': (p) => `将于 ${p.opens} 开始`,
  'window.closedOn': (p) => `已于 ${p.closes} 结束`,
  'window.closedEarly': (p) => `已于 ${p.closes} 提前结束`,
  'window.extended': (p) => `截止时间已延长：${p.reason}`,
  'window.beijing': '（北京时间）',

  'consultation.notice': '征求意见说明',
  'consultation.drafter': '起草单位',
  'consultation.window': '征求意见时间',
  'consultation.how': '反馈方式',
  'consultation.how.web': '在线提交：在下方正文中找到相关条款，点击「我要提意见」；对全文的意见请在页尾提交。',
  'consultation.how.email': (p) => `电子邮件：发送至 ${p.email}`,
  'consultation.contact': '联系人',
  'consultation.phone': '联系电话',
  'consultation.originalNotice': '原公告',
  'consultation.published': '发布日期',
  'consultation.documentNumber': '文号',
  'consultation.toc': '目录',
  'consultation.body': '草案全文',
  'consultation.commentCount': (p) => `${p.count} 条意见`,
  'consultation.noComments': '暂无意见',
  'consultation.comment': '我要提意见',
  'consultation.commentOn': (p) => `对「${p.label}」提意见`,
  'consultation.showComments': (p) => `查看 ${p.count} 条意见`,
  'consultation.allComments': (p) => `全部 ${p.count} 条意见`,
  'consultation.general': '对全文提意见',
  'consultation.generalComments': '对全文的意见',
  'consultation.lead': '牵头单位',
  'consultation.support': '配合单位',
  'consultation.closedNotice': '本次征求意见已结束，不再接受意见。',
  'consultation.upcomingNotice': (p) => `本次征求意见将于 ${p.opens} 开始，届时可提交意见。`,
  'consultation.permalink': '本条链接',
  'consultation.notes': '注释',
  'consultation.moderation.pre': '意见经审核后公开。',
  'consultation.moderation.post': '意见提交后即公开，起草单位可能隐藏违反规定的内容。',
  'consultation.back': '返回全文',

  'comment.anonymous': '匿名',
  'comment.public': '公众',
  'comment.general': '全文',
  'comment.on': (p) => `针对：${p.label}`,
  'comment.published': (p) => `公开于 ${p.date}`,
  'comment.more': '查看更多',

  'form.title': '提交意见',
  'form.body': '意见内容',
  'form.body.hint': '必填，5 至 5000 字。请尽量说明理由和修改建议。',
  'form.name': '姓名',
  'form.name.optional': '选填，将随意见公开；不填则显示为“匿名”。',
  'form.name.required': '必填，将随意见公开。',
  'form.organization': '单位或组织',
  'form.organization.hint': '选填，以单位名义提意见时填写，将随意见公开。',
  'form.email': '电子邮箱',
  'form.email.hint': '选填，不公开，仅用于告知处理结果。',
  'form.phone': '联系电话',
  'form.phone.hint': '选填，不公开，仅供起草单位联系您。',
  'form.honeypot': '请勿填写此项',
  'form.submit': '提交意见',
  'form.cancel': '取消',
  'form.privacy': '姓名和单位会随意见公开；电子邮箱和电话只有起草单位能看到。',
  'form.errors': '提交未成功，请修改以下内容：',
  'form.yourText': '您填写的意见（未提交，请复制保存）',

  'error.body.required': '请填写意见内容。',
  'error.body.tooShort': (p) => `意见内容至少 ${p.min} 个字。`,
  'error.body.tooLong': (p) => `意见内容不能超过 ${p.max} 个字，目前 ${p.length} 个字。`,
  'error.name.required': '本次征求意见要求填写姓名。',
  'error.name.tooLong': (p) => `姓名不能超过 ${p.max} 个字。`,
  'error.organization.tooLong': (p) => `单位或组织名称不能超过 ${p.max} 个字。`,
  'error.email.invalid': '电子邮箱格式不正确，例如 name@example.com。',
  'error.phone.invalid': '联系电话格式不正确，只能包含数字、空格、+、- 和括号。',
  'error.paragraph.unknown': '找不到要评论的条款，可能链接已失效。',
  'error.closed': (p) => `本次征求意见已于 ${p.closes} 截止，您的意见没有提交。`,
  'error.notYetOpen': (p) => `本次征求意见将于 ${p.opens} 开始，您的意见没有提交。`,
  'error.rateLimited': (p) => `提交过于频繁，请在 ${p.seconds} 秒后再试。您的意见没有提交。`,
  'error.csrf': '页面已过期或来源无法验证，您的意见没有提交。请刷新页面后重新提交。',
  'error.notFound': '找不到该页面。',
  'error.notFound.consultation': '找不到该征求意见，可能链接有误或尚未发布。',
  'error.server': '服务器出错了，请稍后再试。',
  'error.requestId': (p) => `如需反映问题，请告知编号 ${p.id}。`,
  'error.badRequest': '请求格式不正确。',
  'error.json': '请求体必须是 JSON（Content-Type: application/json）。',
  'error.tooLarge': (p) => `提交的内容过大：这里最多接受 ${p.limit}。`,
  'error.title': '出错了',

  'receipt.title': '已收到您的意见',
  'receipt.number': '查询编号',
  'receipt.keep': '请记下此编号，可随时在“查询意见”中查看处理情况。',
  'receipt.pending': '您的意见经审核后公开。',
  'receipt.published': '您的意见已公开。',
  'receipt.spam': '您的意见已收到，将由工作人员核实。',
  'receipt.yourComment': '您的意见',
  'receipt.back': '返回草案',
  'receipt.another': '继续提意见',

  'track.title': '查询意见处理情况',
  'track.label': '查询编号',
  'track.hint': '提交意见后收到的编号，如 YJ-7K3M-9QXA。',
  'track.submit': '查询',
  'track.notFound': '没有找到这个查询编号，请核对后重试。',
  'track.status': '状态',
  'track.received': '收到时间',
  'track.consultation': '征求意见',
  'status.pending': '待审核',
  'status.published': '已公开',
  'status.hidden': '未公开',
  'status.spam': '待核实',

  'search.title': '搜索结果',
  'search.results': (p) => `找到 ${p.count} 处`,
  'search.none': '没有找到相关内容。',
  'search.tooShort': '请输入至少一个字。',

  'ratelimit.title': '提交过于频繁',
  'api.title': '开放数据接口',
  'api.intro': '已发布的草案和公开意见以 JSON 形式开放。出错时返回 { error, message, fields? }，状态码为 400、404、409、422 或 429。',
  'api.column.method': '方法',
  'api.column.path': '路径',
  'api.column.what': '说明',
  'api.route.list': '所有已发布的征求意见，含起止时间和状态。',
  'api.route.one': '单个征求意见：标题、公告信息、导入报告、草案结构树、起止时间和状态。',
  'api.route.comments': '已公开的意见（不含联系方式），新的在前；?page=N&perPage=M。',
  'api.route.submit': '以 JSON 提交意见 { paragraphId?, body, name?, organization?, email?, phone?, consent? }，返回 201 { trackingNumber, status }；填写 email 或 phone 时须同时提交 consent: true（同意按个人信息告知保存联系方式）。',
  'api.openapi.title': '接口说明（OpenAPI）',
  'api.openapi.intro': '每个接口的参数、请求体和返回结构，OpenAPI 3.1 格式，由校验请求的同一套定义生成：',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, Message> = {
  ...auth.en,
  ...mail.en,
  ...office.en,
  ...review.en,
  ...reports.en,
  ...departments.en,
  ...outbound.en,
  ...importReport.en,
  ...privacy.en,
  ...files.en,
  ...versions.en,
  ...audit.en,
  ...citizens.en,
  'site.name': 'yijian',
  'site.tagline': 'Public consultation on draft policy documents',
  'nav.home': 'Consultations',
  'nav.track': 'Track a comment',
  'nav.api': 'Open data',
  'nav.skip': 'Skip to content',
  'nav.label': 'Main',
  'nav.officeLabel': 'Office',
  'block.item': (p) => `item ${p.number}`,
  'block.thisParagraph': 'this paragraph',
  'form.invalidValue': 'This value is not valid; please check it.',
  'form.tooLong': (p) => `At most ${p.max} characters.`,
  'pager.label': 'Pages',
  'pager.prev': 'Previous',
  'pager.next': 'Next',
  'pager.page': (p) => `Page ${p.page}`,
  'pager.pageOf': (p) => `Page ${p.page} of ${p.pages}`,
  'nav.switchLanguage': '中文',
  'footer.note': 'Contact details collected here are for the drafting office only and are never published.',
  'footer.times': 'All times are Beijing time.',

  'home.title': 'Consultations',
  'home.intro': 'Drafting offices publish draft policy documents here and hear the public and other bodies, paragraph by paragraph.',
  'home.open': 'Open for comment',
  'home.upcoming': 'Upcoming',
  'home.closed': 'Closed',
  'home.none.open': 'No consultation is open for comment right now.',
  'home.none.upcoming': 'No consultation is scheduled.',
  'home.none.closed': 'No consultation has closed yet.',
  'home.search.label': 'Search the drafts',
  'home.search.placeholder': 'Keywords, simplified or traditional',
  'home.search.submit': 'Search',

  'phase.draft': 'Unpublished',
  'phase.upcoming': 'Upcoming',
  'phase.open': 'Open for comment',
  'phase.closed': 'Closed',

  'window.range': (p) => `${p.opens} to ${p.closes}`,
  'window.closes': (p) => `Closes ${p.closes}`,
  'window.daysLeft': (p) => (p.days === 0 ? 'closes today' : `${p.days} day${p.days === 1 ? '' : 's'} left`),
  'window.opensOn': (p) => `Opens ${p.opens}`,
  'window.closedOn': (p) => `Closed ${p.closes}`,
  'window.closedEarly': (p) => `Closed early on ${p.closes}`,
  'window.extended': (p) => `Deadline extended: ${p.reason}`,
  'window.beijing': ' (Beijing time)',

  'consultation.notice': 'About this consultation',
  'consultation.drafter': 'Drafting office',
  'consultation.window': 'Comment period',
  'consultation.how': 'How to comment',
  'consultation.how.web': 'Online: find the paragraph below and choose “Comment”; comments on the whole draft go at the end of the page.',
  'consultation.how.email': (p) => `By email: write to ${p.email}`,
  'consultation.contact': 'Contact',
  'consultation.phone': 'Telephone',
  'consultation.originalNotice': 'Original notice',
  'consultation.published': 'Published',
  'consultation.documentNumber': 'Document no.',
  'consultation.toc': 'Contents',
  'consultation.body': 'The draft',
  'consultation.commentCount': (p) => `${p.count} comment${p.count === 1 ? '' : 's'}`,
  'consultation.noComments': 'No comments yet',
  'consultation.comment': 'Comment',
  'consultation.commentOn': (p) => `Comment on ${p.label}`,
  'consultation.showComments': (p) => `Show ${p.count} comment${p.count === 1 ? '' : 's'}`,
  'consultation.allComments': (p) => `All ${p.count} comments`,
  'consultation.general': 'Comment on the whole draft',
  'consultation.generalComments': 'Comments on the whole draft',
  'consultation.lead': 'Lead',
  'consultation.support': 'Supporting',
  'consultation.closedNotice': 'This consultation has closed and no longer takes comments.',
  'consultation.upcomingNotice': (p) => `This consultation opens on ${p.opens}; comments can be sent from then.`,
  'consultation.permalink': 'Link to this paragraph',
  'consultation.notes': 'Notes',
  'consultation.moderation.pre': 'Comments are published after review.',
  'consultation.moderation.post': 'Comments appear at once; the office may hide content that breaks the rules.',
  'consultation.back': 'Back to the draft',

  'comment.anonymous': 'Anonymous',
  'comment.public': 'Member of the public',
  'comment.general': 'Whole draft',
  'comment.on': (p) => `On: ${p.label}`,
  'comment.published': (p) => `Published ${p.date}`,
  'comment.more': 'More',

  'form.title': 'Send a comment',
  'form.body': 'Your comment',
  'form.body.hint': 'Required, 5 to 5000 characters. Please give your reasons and the change you suggest.',
  'form.name': 'Name',
  'form.name.optional': 'Optional, published with your comment; left empty it shows as “Anonymous”.',
  'form.name.required': 'Required, published with your comment.',
  'form.organization': 'Organisation',
  'form.organization.hint': 'Optional, when you comment on behalf of a body; published with your comment.',
  'form.email': 'Email',
  'form.email.hint': 'Optional, never published; used to tell you the outcome.',
  'form.phone': 'Telephone',
  'form.phone.hint': 'Optional, never published; lets the office contact you.',
  'form.honeypot': 'Leave this field empty',
  'form.submit': 'Send comment',
  'form.cancel': 'Cancel',
  'form.privacy': 'Your name and organisation are published with your comment; email and telephone are seen only by the drafting office.',
  'form.errors': 'Your comment was not sent. Please correct the following:',
  'form.yourText': 'Your comment (not sent — please copy it)',

  'error.body.required': 'Please write your comment.',
  'error.body.tooShort': (p) => `A comment needs at least ${p.min} characters.`,
  'error.body.tooLong': (p) => `A comment can have at most ${p.max} characters; this one has ${p.length}.`,
  'error.name.required': 'This consultation asks for your name.',
  'error.name.tooLong': (p) => `A name can have at most ${p.max} characters.`,
  'error.organization.tooLong': (p) => `An organisation name can have at most ${p.max} characters.`,
  'error.email.invalid': 'That email address does not look right, e.g. name@example.com.',
  'error.phone.invalid': 'A telephone number may contain only digits, spaces, +, - and brackets.',
  'error.paragraph.unknown': 'The paragraph you are commenting on was not found; the link may be out of date.',
  'error.closed': (p) => `This consultation closed on ${p.closes}; your comment was not sent.`,
  'error.notYetOpen': (p) => `This consultation opens on ${p.opens}; your comment was not sent.`,
  'error.rateLimited': (p) => `Too many submissions; please try again in ${p.seconds} seconds. Your comment was not sent.`,
  'error.csrf': 'This page has expired or its origin could not be verified; your comment was not sent. Please reload the page and send it again.',
  'error.notFound': 'Page not found.',
  'error.notFound.consultation': 'This consultation was not found; the link may be wrong or it is not published yet.',
  'error.server': 'Something went wrong on our side. Please try again later.',
  'error.requestId': (p) => `If you report this, please quote ${p.id}.`,
  'error.badRequest': 'The request is not well formed.',
  'error.json': 'The request body must be JSON (Content-Type: application/json).',
  'error.tooLarge': (p) => `What was sent is too large: this accepts at most ${p.limit}.`,
  'error.title': 'Error',

  'receipt.title': 'Your comment has been received',
  'receipt.number': 'Tracking number',
  'receipt.keep': 'Keep this number: with it you can follow your comment under “Track a comment”.',
  'receipt.pending': 'Your comment will be published after review.',
  'receipt.published': 'Your comment is published.',
  'receipt.spam': 'Your comment has been received and will be checked by staff.',
  'receipt.yourComment': 'Your comment',
  'receipt.back': 'Back to the draft',
  'receipt.another': 'Send another comment',

  'track.title': 'Track a comment',
  'track.label': 'Tracking number',
  'track.hint': 'The number you were given on sending, e.g. YJ-7K3M-9QXA.',
  'track.submit': 'Look up',
  'track.notFound': 'No comment has this tracking number. Please check it and try again.',
  'track.status': 'Status',
  'track.received': 'Received',
  'track.consultation': 'Consultation',
  'status.pending': 'Awaiting review',
  'status.published': 'Published',
  'status.hidden': 'Not published',
  'status.spam': 'Being checked',

  'search.title': 'Search results',
  'search.results': (p) => `${p.count} match${p.count === 1 ? '' : 'es'}`,
  'search.none': 'Nothing matched.',
  'search.tooShort': 'Please type at least one character.',

  'ratelimit.title': 'Too many submissions',
  'api.title': 'Open data API',
  'api.intro': 'The published drafts and comments are open data, served as JSON. Errors come back as { error, message, fields? } with status 400, 404, 409, 422 or 429.',
  'api.column.method': 'Method',
  'api.column.path': 'Path',
  'api.column.what': 'What it returns',
  'api.route.list': 'All published consultations with their window and status.',
  'api.route.one': 'One consultation: title, notice metadata, import report, the draft as a tree, window and status.',
  'api.route.comments': 'Published comments (no contact details), newest first; ?page=N&perPage=M.',
  'api.route.submit': 'Send a comment as JSON { paragraphId?, body, name?, organization?, email?, phone?, consent? }: 201 { trackingNumber, status }; with an email or phone, consent: true (agreeing to the personal-information notice) is required.',
  'api.openapi.title': 'Machine description (OpenAPI)',
  'api.openapi.intro': 'Every route\'s parameters, request body and responses, as OpenAPI 3.1, generated from the same definitions that validate the requests:',
};

const dictionaries: Record<Locale, Record<MessageKey, Message>> = { 'zh-CN': zh, en };

export type Translate = (key: MessageKey, params?: Params) => string;

/** Whether a string is one of the dictionary's keys (a code from a core or a schema, say). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, params = {}) => {
    const message = dictionary[key];
    return typeof message === 'function' ? message(params) : message;
  };
}

/** The other of the two languages: where the language switch leads. */
export function otherLocale(locale: Locale): Locale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}

/** A stored language tag as one of ours; anything unknown is Chinese, the site's first language. */
export function toLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'zh-CN';
}

export function pickLocale(options: { query?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  const explicit = options.query ?? options.cookie;
  if (explicit === 'en') return 'en';
  if (explicit === 'zh-CN' || explicit === 'zh') return 'zh-CN';
  // Pages are Chinese unless the reader chooses English: many officials browse with an English
  // system language. API clients may ask for English with Accept-Language.
  if (options.acceptLanguage === undefined) return 'zh-CN';
  const accept = (options.acceptLanguage ?? '').toLowerCase();
  const en = accept.indexOf('en');
  const zhAt = accept.indexOf('zh');
  if (en >= 0 && (zhAt < 0 || en < zhAt)) return 'en';
  return 'zh-CN';
}
