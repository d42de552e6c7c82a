// Headers for downloading what a sender wrote: never rendered as one of our pages, names intact.
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, attachmentHeaders, cleanFilename, downloadContentType, downloadHeaders } from '../../src/http/download.ts';

describe('download headers', () => {
  it('keeps harmless types and turns anything that could render as a page into octet-stream', () => {
    expect(downloadContentType('application/pdf')).toBe('application/pdf');
    expect(downloadContentType('IMAGE/PNG; name=x.png')).toBe('image/png');
    expect(downloadContentType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/xml', 'application/javascript', 'text/javascript', 'message/rfc822', 'multipart/related', 'application/x-unknown', '', null, undefined]) {
      expect(downloadContentType(type), String(type)).toBe('application/octet-stream');
    }
  });

  it('names the file in UTF-8 (RFC 5987) with an ASCII fallback that cannot break the header', () => {
    expect(attachmentDisposition('区林业局意见.docx')).toBe(`attachment; filename="______.docx"; filename*=UTF-8''${encodeURIComponent('区林业局意见.docx')}`);
    expect(attachmentDisposition('a "quoted" name\\x.txt')).toBe(`attachment; filename="a _quoted_ name_x.txt"; filename*=UTF-8''a%20%22quoted%22%20name%5Cx.txt`);
    expect(attachmentDisposition("it's (1)*.pdf")).toBe(`attachment; filename="it's (1)*.pdf"; filename*=UTF-8''it%27s%20%281%29%2A.pdf`);
  });

  it('drops paths and control characters from a sender’s file name', () => {
    expect(cleanFilename('C:\\Users\\王\\意见.docx', 'x')).toBe('意见.docx');
    expect(cleanFilename('../../etc/passwd', 'x')).toBe('passwd');
    expect(cleanFilename('bad\r\nX-Injected: 1.txt', 'x')).toBe('badX-Injected: 1.txt');
    expect(cleanFilename('', 'attachment-1')).toBe('attachment-1');
    expect(cleanFilename(null, 'attachment-2')).toBe('attachment-2');
    expect(cleanFilename(' .. ', 'attachment-3')).toBe('attachment-3');
  });

  it('gives our own files (reports) their type, an ASCII name of our choosing, and the same disposition and nosniff', () => {
    expect(attachmentHeaders({ filename: '关于《条例》的报告.html', contentType: 'text/html; charset=utf-8', asciiFilename: 'tiaoli-report.html' })).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': `attachment; filename="tiaoli-report.html"; filename*=UTF-8''${encodeURIComponent('关于《条例》的报告.html')}`,
      'X-Content-Type-Options': 'nosniff',
    });
    // Someone else's HTML is never sent as HTML.
    expect(downloadHeaders('page.html', 'text/html')).toMatchObject({ 'Content-Type': 'application/octet-stream', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
  });
});
