// Reading raw messages: charsets, encodings, HTML, quoted history, footers, attachments, dates.
// Fixtures are in tests/fixtures/mail (written by generate.ts there, raw forms spelled out).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeTextBytes } from '../../src/mail/charset.ts';
import { stripFooters } from '../../src/mail/footers.ts';
import { htmlToText } from '../../src/mail/html-text.ts';
import { parseMailDate, readMessage } from '../../src/mail/read.ts';
import { stripQuotes } from '../../src/mail/quotes.ts';
import { translator } from '../../src/lib/i18n.ts';
import type { MailProblem } from '../../src/mail/types.ts';
import { problemText } from '../../src/mail/wording.ts';

/** Problems as the office reads them. */
const worded = (problems: MailProblem[], locale: 'zh-CN' | 'en' = 'zh-CN') => problems.map((p) => problemText(p, translator(locale)));

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/mail/${name}`, import.meta.url)));
const read = (name: string) => readMessage(fixture(name));

describe('charsets and transfer encodings', () => {
  it('reads a GBK body in base64 with a GB2312 encoded-word subject and sender name', async () => {
    const message = await read('gbk-body.eml');
    expect(message.subject).toBe('关于《2022年景德镇市昌江区推进长江经济带发展工作要点（征求意见稿）》的反馈意见');
    expect(message.from).toEqual({ address: 'sthjj@changjiang.gov.test', name: '区生态环境局' });
    expect(message.to).toEqual(['changjiang-2022@yijian.test']);
    expect(message.messageId).toBe('<gbk-body-0418@changjiang.gov.test>');
    expect(message.text).toContain('1.关于第3项，建议将“查漏补缺”修改为“查漏补缺，确保按期销号”。');
    // 堃 is in GBK but not in GB2312: the GB2312 label is read as GBK, as every mail client does.
    expect(message.text).toContain('联系人：王堃');
    expect(message.warnings).toEqual([]);
    expect(message.locale).toBe('zh-CN');
  });

  it('reads GB18030 quoted-printable with four-byte characters', async () => {
    const message = await read('gb18030-body.eml');
    expect(message.subject).toBe('2022年景德镇市昌江区推进长江经济带发展工作要点意见反馈');
    expect(message.text).toContain('关于第7项，建议补充“开展㙟口河段水生生物栖息地调查”，该河段是𠮷氏鱼类的重要产卵场。');
    expect(message.text).not.toContain('\ufffd');
  });

  it('reads Big5 with traditional characters as written', async () => {
    const message = await read('big5-body.eml');
    expect(message.subject).toBe('對《2022年景德鎮市昌江區推進長江經濟帶發展工作要點（徵求意見稿）》的建議');
    expect(message.from?.name).toBe('陳先生');
    expect(message.text).toBe('您好：\n關於第23項，建議在修復歷史文化街區時保留原有的窯作坊，並設置說明標牌。\n另外，建議整體上增加公眾參與的內容。\n陳大文');
  });
});

describe('quoted history', () => {
  it('removes the announcement quoted below 「原始邮件」, with its dates, and the phone footer', async () => {
    const message = await read('utf8-reply-chain.eml');
    expect(message.quotedRemoved).toBe(true);
    expect(message.text).toBe(
      '关于第4项：建议将“2022年9月底前完成全区建成区黑臭水体排查”的时间调整为2022年10月底前，留出汛期后的复核时间。\n' +
        '关于第16项：206国道升级改造由市交通局牵头，建议将责任单位调整为“市交通局、区交通局”。\n\n' +
        '区住建局办公室',
    );
    expect(message.text).not.toContain('2022年5月6日');
    expect(message.text).not.toContain('发自我的iPhone');
    // The sender's own date and server stamp, not the quoted ones.
    expect(message.date?.toISOString()).toBe('2022-04-19T03:00:00.000Z');
    expect(message.received.map((d) => d.toISOString())).toEqual(['2022-04-19T03:00:03.000Z']);
  });

  it('reads Outlook’s plain part and cuts at the 发件人/发送时间 block under its rule', async () => {
    const message = await read('outlook-reply.eml');
    expect(message.text).toBe(
      '区发改委：\n我局对第16项有以下意见：建议将“加快建设昌景黄高铁、206国道升级改造”中的“206国道”改为“G206国道”。\n其他各项无意见。\n\n赵强\n区交通局规划股',
    );
    expect(message.quotedRemoved).toBe(true);
  });

  it('cuts at "-----Original Message-----" and knows an English writer', async () => {
    const message = await read('outlook-english.eml');
    expect(message.locale).toBe('en');
    expect(message.text).toBe(
      'Dear colleagues,\n\nRegarding item 7, I suggest adding a baseline survey of fish stocks before the monitoring starts.\nMore generally, please publish the monitoring data each year.\n\nBest regards,\nAnna Smith',
    );
  });

  it('removes 「在 … 写道：」 and the ">" lines after it', async () => {
    const message = await read('late.eml');
    expect(message.text).toBe('不好意思，晚了一天。\n关于第19项，建议将“培育世界级先进产业集群”改为“培育省级先进产业集群”，更符合我区实际。');
  });

  it.each([
    ['QQ/Foxmail header block with full-width colons', '同意第4项的修改。\n\n发件人：区发改委\n发送时间：2022年4月6日 9:00\n收件人：区林业局\n主题：征求意见\n\n第9项 …', '同意第4项的修改。'],
    ['163 header block (发件人/日期/收件人/主题)', '建议如下。\n发件人：cjqfgw@163.com\n日期：2022-04-06 09:00\n收件人：lyj\n主题：征求意见\n原文', '建议如下。'],
    ['Gmail "On … wrote:" wrapped over two lines, then quoted lines', 'See item 7.\n\nOn Wed, Apr 6, 2022 at 9:00 AM Office <\ncjqfgw@163.com> wrote:\n> Please reply by 19 April.', 'See item 7.'],
    ['English Outlook block', 'Fine.\n\nFrom: Office <cjqfgw@163.com>\nSent: Wednesday, April 6, 2022 9:00 AM\nTo: Anna\nSubject: Draft\n\nQuoted', 'Fine.'],
    ['"----- 回复的原邮件 -----" (163 mobile)', '无意见。\n----- 回复的原邮件 -----\n发件人 区发改委\n征求意见', '无意见。'],
  ])('cuts a quoted tail: %s', (_name, input, expected) => {
    expect(stripQuotes(input)).toEqual({ text: expected, quotedRemoved: true });
  });

  it('an attached message (message/rfc822) is history, like a quote', async () => {
    const raw = [
      'From: a@example.com',
      'To: changjiang-2022@yijian.test',
      'Subject: Fwd: 通知',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '关于第4项，建议推迟。',
      '--b',
      'Content-Type: message/rfc822',
      '',
      'From: cjqfgw@163.com',
      'Subject: =?UTF-8?B?6YCa55+l?=',
      'Date: Wed, 6 Apr 2022 09:00:00 +0800',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '第5项无意见的单位请回复无意见。',
      '--b--',
      '',
    ].join('\r\n');
    const message = await readMessage(new TextEncoder().encode(raw));
    expect(message.text).toBe('关于第4项，建议推迟。');
    expect(message.quotedRemoved).toBe(true);
  });

  it('a forwarded message below the sender’s words is cut', () => {
    const input = '请阅。\n\n---------- Forwarded message ---------\nFrom: Office <cjqfgw@163.com>\nDate: Wed, Apr 6, 2022\nSubject: 通知\n\n第4项……';
    expect(stripQuotes(input)).toEqual({ text: '请阅。', quotedRemoved: true });
    expect(stripQuotes('-------- 转发邮件信息 --------\n发件人："区发改委"\n发送日期：2022-04-06\n第4项……')).toEqual({ text: '', quotedRemoved: true });
  });

  it('keeps the sender’s lines between interleaved ">" quotes', () => {
    const input = 'On Wed, 6 Apr 2022 09:00 +0800, Office wrote:\n> 第4项：……\n关于第4项，建议推迟一个月。\n> 第5项：……\n第5项无意见。';
    expect(stripQuotes(input)).toEqual({ text: '关于第4项，建议推迟一个月。\n第5项无意见。', quotedRemoved: true });
  });

  it('does not take the sender quoting the draft (「第4项中写道：」) or a 发件人 line alone for history', () => {
    const input = '第4项中写道：\n“2022年9月底前完成排查”，建议改为10月底。\n发件人：区林业局（本意见由我局起草）';
    expect(stripQuotes(input)).toEqual({ text: input, quotedRemoved: false });
  });
});

describe('HTML-only webmail', () => {
  it('turns QQ Mail HTML into clean lines: entities, <br>, no style, no footer, no quoted original', async () => {
    const message = await read('html-qq.eml');
    expect(message.text).toBe(
      '余老师：\n您好！我单位意见如下：\n一、第十四项“因地制宜建设分拣中心”，建议明确2022年底前 建成1个区级分拣中心。\n\n二、对第24项，建议增加“推进农村垃圾分类&资源化利用”的内容。\n\n区供销社 李明',
    );
    expect(message.quotedRemoved).toBe(true);
    expect(message.text).not.toContain('margin');
  });

  it('reads 163’s GBK HTML, drops 「来自网易邮箱大师」 and the blockquote after 「写道：」', async () => {
    const message = await read('html-163.eml');
    expect(message.text).toBe(
      '发改委：\n　　对第6项，建议将“以乡镇或行政村为单位建设一批农村有机废弃物综合处置利用设施”改为“以乡镇为单位”，行政村一级难以运营。\n' +
        '　　第29项 “加强与各行等金融机构的合作”中“各行”表述不清，建议改为“各银行”。\n\n区农业农村水利局 张伟',
    );
    expect(message.quotedRemoved).toBe(true);
    expect(message.date?.toISOString()).toBe('2022-04-19T00:45:12.000Z');
  });

  it('prefers the HTML part when the plain part is only a stub', async () => {
    const raw = [
      'From: a@example.com',
      'Subject: x',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '请使用支持HTML的邮件客户端查看。',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>关于第4项，建议将完成时间调整为2022年10月底，留出汛期后的复核时间；关于第5项，建议明确园区污水处理设施的建设时间。</p>',
      '--alt--',
      '',
    ].join('\r\n');
    const message = await readMessage(new TextEncoder().encode(raw));
    expect(message.text).toBe('关于第4项，建议将完成时间调整为2022年10月底，留出汛期后的复核时间；关于第5项，建议明确园区污水处理设施的建设时间。');
  });

  it('htmlToText: blocks, breaks, entities, tables, hidden and invisible elements', () => {
    const html =
      '<head><title>t</title><style>.a{color:red}</style></head><body><script>alert(1)</script>' +
      '<span style="display:none">预览文字</span><p>第一段&nbsp;&nbsp;A&amp;B&lt;C&gt;&ldquo;引&rdquo;&#x4E2D;&#25991;&hellip;</p>' +
      '<div>第二段<br>换行</div><!-- 注释 --><table><tr><td>第4项</td><td>建议</td></tr></table>' +
      '<blockquote><p>引用的原文</p></blockquote><ul><li>一</li><li>二</li></ul></body>';
    expect(htmlToText(html)).toBe('第一段  A&B<C>“引”中文…\n第二段\n换行\n第4项\t建议\n> 引用的原文\n一\n二');
  });
});

describe('footers', () => {
  it('drops client stamps but never a sentence the sender wrote', () => {
    const text = [
      '建议来自我们的调研。',
      '来自华为公司的专家认为，第9项的目标偏低',
      '发自我的iPhone',
      '发自我的华为手机',
      '来自网易邮箱大师',
      '发自我的QQ邮箱',
      'Sent from my iPad',
      'Get Outlook for Android',
      '获取 Outlook for iOS',
      '从 Windows 版邮件发送',
      '发自网易邮箱手机版',
      '来自我的华为Mate 40 Pro',
      '使用阿里云服务器存储数据',
    ].join('\n');
    expect(stripFooters(text)).toBe('建议来自我们的调研。\n来自华为公司的专家认为，第9项的目标偏低\n使用阿里云服务器存储数据');
  });
});

describe('attachments', () => {
  it('reads a .docx named by RFC 2231 as feedback', async () => {
    const message = await read('attachment-docx.eml');
    expect(message.text).toBe('详见附件。');
    expect(message.attachments).toHaveLength(1);
    const [docx] = message.attachments;
    expect(docx!.filename).toBe('区生态环境局关于《2022年景德镇市昌江区推进长江经济带发展工作要点》的反馈意见.docx');
    expect(docx!.disposition).toBe('feedback');
    expect(docx!.text).toContain('1\t第1项\t建议将“近三年”改为“2019年以来”\t与省里的台账口径一致');
  });

  it('reads a GBK .txt named by RFC 2047 inside quotes, in a message with no body', async () => {
    const message = await read('attachment-gbk-txt.eml');
    expect(message.text).toBe('');
    const [txt] = message.attachments;
    expect(txt!.filename).toBe('区工信局反馈意见.txt');
    expect(txt!.disposition).toBe('feedback');
    expect(txt!.text).toBe('关于第20项：“持续提工业园区污染治理能力”一句缺字，应为“持续提升工业园区污染治理能力”。\n关于第19项：建议删除“世界级”。');
  });

  it('keeps a PDF (name from RFC 2231 continuations split inside a character) with its bytes', async () => {
    const message = await read('pdf-kept.eml');
    const [pdf] = message.attachments;
    expect(pdf!.filename).toBe('区科技局反馈意见（盖章件）.pdf');
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.disposition).toBe('kept');
    expect(pdf!.text).toBeNull();
    expect(new TextDecoder().decode(pdf!.content.subarray(0, 8))).toBe('%PDF-1.4');
  });

  it('keeps an unreadable .docx, with a warning saying why', async () => {
    const raw = [
      'From: a@example.com',
      'To: changjiang-2022@yijian.test',
      'Subject: x',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="broken.docx"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('not a zip at all').toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const message = await readMessage(new TextEncoder().encode(raw));
    expect(message.attachments[0]).toMatchObject({ filename: 'broken.docx', disposition: 'kept', text: null });
    expect(message.warnings).toEqual([{ code: 'attachment-unreadable', params: { name: 'broken.docx', format: 'docx', why: 'not-zip' } }]);
    expect(worded(message.warnings)).toEqual(['附件「broken.docx」无法读取：不是有效的 .docx 文件（不是 zip 压缩包）']);
    expect(worded(message.warnings, 'en')).toEqual(['The attachment “broken.docx” could not be read: not a valid .docx file (not a zip archive)']);
  });
});

describe('dates', () => {
  it('reads every Received date newest first, and the Date header', async () => {
    const message = await read('late.eml');
    expect(message.received.map((d) => d.toISOString())).toEqual([
      '2022-04-21T00:00:02.000Z',
      '2022-04-20T10:30:05.000Z',
      '2022-04-20T10:30:01.000Z',
    ]);
    expect(message.date?.toISOString()).toBe('2022-04-20T10:29:58.000Z');
  });
});

describe('mail dates', () => {
  it.each([
    ['Mon, 18 Apr 2022 15:20:11 +0800 (CST)', '2022-04-18T07:20:11.000Z'],
    ['Mon, 18 Apr 2022 15:20:11 +0800 (GMT+08:00)', '2022-04-18T07:20:11.000Z'],
    // "CST" from a Chinese server is China Standard Time, not US Central.
    ['Mon, 18 Apr 2022 15:20:11 CST', '2022-04-18T07:20:11.000Z'],
    // No zone at all: Beijing time, whatever the server's own zone.
    ['Mon, 18 Apr 2022 15:20:11', '2022-04-18T07:20:11.000Z'],
    ['18 Apr 2022 07:20:11 GMT', '2022-04-18T07:20:11.000Z'],
    ['Tue, 19 Apr 2022 09:00:00 -0000', '2022-04-19T09:00:00.000Z'],
  ])('%s', (value, iso) => {
    expect(parseMailDate(value)?.toISOString()).toBe(iso);
  });

  it('an unreadable date is no date', () => {
    expect(parseMailDate('下周一')).toBeNull();
    expect(parseMailDate('')).toBeNull();
  });
});

describe('broken input never throws', () => {
  it('an empty message is failed, with the reason', async () => {
    const message = await readMessage(new Uint8Array());
    expect(message.failed).toEqual({ code: 'empty' });
    expect(worded([message.failed!])).toEqual(['邮件内容为空']);
    expect(message.text).toBe('');
  });

  it('bytes that are not a message still come back as a message', async () => {
    const message = await readMessage(new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x0a, 0x0d]));
    expect(message.attachments).toEqual([]);
    expect(message.from).toBeNull();
  });

  it('a body in GBK labelled UTF-8 is read again as GBK, and the officer told', async () => {
    const body = iconv.encode('关于第4项，建议修改。', 'gbk').toString('base64');
    const raw = `From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`;
    const message = await readMessage(new TextEncoder().encode(raw));
    expect(message.text).toBe('关于第4项，建议修改。');
    expect(worded(message.warnings)).toEqual(['正文的字符编码未声明或声明有误，已自动识别']);
  });

  it('8-bit GBK with no MIME headers at all, subject included, is read as GBK', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: old@example.cn\r\nTo: changjiang-2022@yijian.test\r\nSubject: '),
      iconv.encode('关于《工作要点》的意见', 'gbk'),
      Buffer.from('\r\n\r\n'),
      iconv.encode('第4项建议推迟一个月。\r\n', 'gbk'),
    ]);
    const message = await readMessage(new Uint8Array(raw));
    expect(message.subject).toBe('关于《工作要点》的意见');
    expect(message.text).toBe('第4项建议推迟一个月。');
  });

  it('bytes that fit no charset keep their replacement characters and a warning', async () => {
    const raw = Buffer.concat([Buffer.from('From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n意见'), Buffer.from([0xff, 0xff, 0xff]), Buffer.from('\r\n')]);
    const message = await readMessage(new Uint8Array(raw));
    expect(message.text).toContain('意见');
    expect(worded(message.warnings)).toEqual(['正文中有无法解码的字符，编码可能声明有误']);
  });
});

describe('text files without a declared charset', () => {
  const sample = '关于第4项，建议将完成时间调整为十月底。我单位无其他意见。';
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]), 'utf-8'],
    ['UTF-8 without BOM', Buffer.from(sample), 'utf-8'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]), 'utf-16le'],
    ['GBK', iconv.encode(sample, 'gbk'), 'gb18030'],
    ['GB18030 with four-byte characters', iconv.encode(`${sample}㙟𠮷`, 'gb18030'), 'gb18030'],
  ])('%s', (_name, bytes, charset) => {
    const decoded = decodeTextBytes(new Uint8Array(bytes));
    expect(decoded.charset).toBe(charset);
    expect(decoded.text.startsWith(sample)).toBe(true);
  });

  it('Big5 is told from GBK by which reading spells common words', () => {
    const traditional = '關於第4項，建議將完成時間調整為十月底。我單位無其他意見。';
    const decoded = decodeTextBytes(new Uint8Array(iconv.encode(traditional, 'big5')));
    expect(decoded).toEqual({ text: traditional, charset: 'big5', lossy: false });
    // And simplified text in GBK is not mistaken for Big5, though it decodes as Big5 too.
    const simplified = decodeTextBytes(new Uint8Array(iconv.encode('关于第4项，建议将完成时间调整为十月底。', 'gbk')));
    expect(simplified.charset).toBe('gb18030');
  });
});
