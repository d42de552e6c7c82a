// Lines a mail client or webmail adds on the sender's behalf — 「发自我的iPhone」, 「来自网易邮箱大师」,
// "Sent from my …", "Get Outlook for iOS" — are not the sender's words. Pure.
//
// Only whole lines that match are removed; the sender's own signature (name, unit, phone) stays
// in ReadMessage.text, because an officer may need it. understand.ts drops it from comments.

const FOOTER_LINES: RegExp[] = [
  // Phones and tablets: 发自我的iPhone / 发自我的华为手机 / 来自我的小米手机 / 从我的 iPhone 发送
  /^(?=.*(iPhone|iPad|iPod|Android|HUAWEI|华为|華為|荣耀|小米|Redmi|OPPO|vivo|魅族|三星|Galaxy|一加|OnePlus|手机|手機|平板|移动设备|移動裝置))(发自|發自|来自|來自)\s*(我的)?\s*(iPhone|iPad|iPod|Android|HUAWEI|华为|華為|荣耀|小米|Redmi|OPPO|vivo|魅族|三星|Galaxy|一加|OnePlus)?\s*[A-Za-z0-9 +\-]{0,20}\s*(手机|手機|平板|移动设备|移動裝置)?$/i,
  /^从我的\s*\S{1,20}\s*发送$/i,
  // Webmail and mail apps: 来自网易邮箱大师 / 发自网易邮箱 / 发自我的QQ邮箱 / 来自QQ邮箱 / 发自 Outlook
  /^(发自|發自|来自|來自|使用)\s*(我的)?\s*(网易|網易|QQ|腾讯|騰訊|新浪|搜狐|阿里|阿里云|钉钉|釘釘|企业微信|Foxmail|Outlook|189|139|移动|Coremail|WPS|飞书|飛書)[^\n]{0,16}(邮箱|郵箱|邮箱大师|郵箱大師|客户端|客戶端|App|手机版|移动版|Outlook|Foxmail|发送|發送|Mail)$/i,
  /^[-—_]*\s*(网易邮箱大师|網易郵箱大師|网易邮箱|QQ邮箱|QQ郵箱|Foxmail)\s*[-—_]*$/i,
  /^(Sent|Send|Envoyé|Gesendet) (from|with|von|de) (my|the|Mail|Outlook|Yahoo|Samsung|Huawei|iPhone|iPad|Android|Windows|BlackBerry)[^\n]{0,60}$/i,
  /^Get (Outlook|BlueMail|the Gmail app)[^\n]{0,60}$/i,
  // Outlook and Windows Mail in Chinese: 获取 Outlook for iOS / 从 Windows 版邮件发送.
  /^(获取|下载|取得)\s*Outlook\s*(for|适用于)\s*\S{2,12}$/i,
  /^(从|發自|发自|发送自)\s*(Windows|Win\s?10|Windows 10|Windows 11)\s*版?\s*(邮件|郵件|Mail)(应用)?\s*(发送|傳送)?$/i,
  /^(从|发自)\s*(Outlook|iOS 版 Outlook|Android 版 Outlook)\s*(for\s*\S+)?\s*发送$/i,
  /^(Download|Get) .{0,20} for (iOS|Android)\s*$/i,
  // Advertising footers some free webmail appended: <网易邮箱…> 【网易自营|30天无忧退货】…
  /^[<＜【\[].{0,10}(网易|網易|新浪|搜狐|QQ).{0,40}[>＞】\]].{0,80}$/,
  /^(网易邮箱|网易自营|网易考拉|新浪邮箱|搜狐闪电邮箱).{0,60}$/,
  // Scanning stamps added by mail gateways.
  /^(此邮件已经?过病毒扫描|本邮件已经?过.{0,10}扫描|This (e-?mail|message) has been scanned).{0,80}$/i,
  /^\[cid:[^\]]*\]$/i,
];

export function isFooterLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > 120) return false;
  // A sentence (。，；) is the sender writing, never a client's stamp.
  if (/[。，；？！]/.test(text)) return false;
  return FOOTER_LINES.some((pattern) => pattern.test(text));
}

/** The text without webmail footers, and without blank lines they leave at the end. */
export function stripFooters(text: string): string {
  return text
    .split('\n')
    .filter((line) => !isFooterLine(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
