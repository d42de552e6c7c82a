import { describe, expect, it } from 'vitest';
import { consultationWindow } from '../../src/drafts/window.ts';
import { maskName, maskPersonalData } from '../../src/lib/mask.ts';
import { formatDateTime } from '../../src/lib/time.ts';
import { newTrackingNumber, normaliseTrackingNumber } from '../../src/lib/tracking.ts';

describe('consultation window', () => {
  const window = consultationWindow({
    state: 'published',
    opens_at: '2026-11-01T00:00:00+08:00',
    closes_at: '2026-12-01T23:59:59+08:00',
    closed_early_at: null,
  });
  const at = (iso: string) => new Date(iso);

  it('is open from the opening instant to the closing instant inclusive', () => {
    expect(window.phase(at('2026-10-31T23:59:59+08:00'))).toBe('upcoming');
    expect(window.phase(at('2026-11-01T00:00:00+08:00'))).toBe('open');
    expect(window.isOpen(at('2026-12-01T23:59:58+08:00'))).toBe(true);
    expect(window.isOpen(at('2026-12-01T23:59:59+08:00'))).toBe(true);
    expect(window.phase(at('2026-12-02T00:00:00+08:00'))).toBe('closed');
  });

  it('counts days left in Beijing calendar days, whatever the server time zone', () => {
    expect(window.daysLeft(at('2026-11-21T10:00:00+08:00'))).toBe(10);
    // 20:00 UTC on 30 Nov is already 1 Dec in Beijing: the closing day.
    expect(window.daysLeft(at('2026-11-30T20:00:00Z'))).toBe(0);
    expect(window.daysLeft(at('2026-12-02T00:00:00+08:00'))).toBeNull();
  });

  it('closes early when the office closes it', () => {
    const early = consultationWindow({ state: 'published', opens_at: '2026-11-01T00:00:00Z', closes_at: '2026-12-01T00:00:00Z', closed_early_at: '2026-11-15T00:00:00Z' });
    expect(early.phase(at('2026-11-14T23:59:59Z'))).toBe('open');
    expect(early.phase(at('2026-11-15T00:00:00Z'))).toBe('closed');
  });

  it('is never open while a draft', () => {
    const draft = consultationWindow({ state: 'draft', opens_at: '2026-11-01T00:00:00Z', closes_at: '2026-12-01T00:00:00Z', closed_early_at: null });
    expect(draft.phase(at('2026-11-15T00:00:00Z'))).toBe('draft');
  });

  it('is shown in Beijing time', () => {
    expect(formatDateTime('2026-12-01T15:59:00Z', 'zh-CN')).toBe('2026年12月1日 23:59');
    expect(formatDateTime('2026-12-01T15:59:00Z', 'en')).toBe('1 Dec 2026, 23:59');
  });
});

describe('tracking numbers', () => {
  it('are short, grouped and free of ambiguous letters', () => {
    for (let i = 0; i < 200; i++) expect(newTrackingNumber()).toMatch(/^YJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('use all 40 random bits', () => {
    expect(newTrackingNumber(() => new Uint8Array([0, 0, 0, 0, 1]))).toBe('YJ-0000-0001');
    expect(newTrackingNumber(() => new Uint8Array([255, 255, 255, 255, 255]))).toBe('YJ-ZZZZ-ZZZZ');
    expect(newTrackingNumber(() => new Uint8Array([128, 0, 0, 0, 0]))).toBe('YJ-G000-0000');
  });

  it('are found again however people retype them', () => {
    expect(normaliseTrackingNumber('yj 7k3m 9qxa')).toBe('YJ-7K3M-9QXA');
    expect(normaliseTrackingNumber('7K3M9QXA')).toBe('YJ-7K3M-9QXA');
    expect(normaliseTrackingNumber('YJ-OK3M-9QXL')).toBe('YJ-0K3M-9QX1');
    expect(normaliseTrackingNumber('YJ-123')).toBeNull();
  });
});

describe('masking personal data in public text', () => {
  it('masks mobile and landline numbers, ID card numbers and email addresses', () => {
    expect(maskPersonalData('手机13800138000，座机0798-8389957')).toBe('手机138****8000，座机0798-*****57');
    expect(maskPersonalData('身份证号110101199003071234')).toBe('身份证号110101********1234');
    expect(maskPersonalData('邮箱 zhang.san@example.com')).toBe('邮箱 z***@example.com');
  });

  it('leaves ordinary numbers alone', () => {
    const text = '完成6.05万亩营造林，污水处理能力720吨/天，DN300mm污水干管14550米，2022年9月底前完成。';
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks names for public reports', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('Zhang San')).toBe('Z***');
  });
});

describe('comment validation', async () => {
  const { commentInputSchema } = await import('../../src/comments/validation.ts');
  it('normalises form line breaks and trims, counting a Chinese character as one', () => {
    const parsed = commentInputSchema.parse({ body: '  第一行\r\n第二行\r\n  ' });
    expect(parsed.body).toBe('第一行\n第二行');
    expect(commentInputSchema.safeParse({ body: `${'字'.repeat(4999)}\r\n` }).success).toBe(true);
    expect(commentInputSchema.safeParse({ body: '字'.repeat(5001) }).success).toBe(false);
  });
  it('treats null and missing optional fields as empty', () => {
    expect(commentInputSchema.parse({ body: '有效的意见内容', name: null, email: undefined })).toMatchObject({ name: '', email: '', phone: '' });
  });
});
