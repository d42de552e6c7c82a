// What the public sees of personal data typed into a comment: every kind the office asked for is
// masked, written the ways people write it, and ordinary figures in a comment stay as they are.
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../src/lib/mask.ts';

describe('maskPersonalData', () => {
  it('masks 18-digit ID card numbers, with a final X and in groups', () => {
    expect(maskPersonalData('身份证号11010119900307123X。')).toBe('身份证号110101********123X。');
    expect(maskPersonalData('证件：11010119900307123x')).toBe('证件：110101********123x');
    expect(maskPersonalData('110101 19900307 1234')).toBe('110101 ******** 1234');
    expect(maskPersonalData('身份证110101199003071234')).toBe('身份证110101********1234');
  });

  it('masks landlines with and without separators and with the area code in brackets', () => {
    expect(maskPersonalData('座机0798-8389957')).toBe('座机0798-*****57');
    expect(maskPersonalData('电话(0511)8765432转')).toBe('电话(0511)*****32转');
    expect(maskPersonalData('电话（0511）87654321')).toBe('电话（0511）******21');
    expect(maskPersonalData('010 12345678')).toBe('010 ******78');
    expect(maskPersonalData('075512345678')).toBe('0755******78');
  });

  it('masks mobile numbers however they are spaced, with or without +86', () => {
    expect(maskPersonalData('手机13800138000')).toBe('手机138****8000');
    expect(maskPersonalData('手机 138 0013 8000')).toBe('手机 138 **** 8000');
    expect(maskPersonalData('138-0013-8000')).toBe('138-****-8000');
    expect(maskPersonalData('+86 13800138000')).toBe('+86 138****8000');
  });

  it('masks full-width digits typed with a Chinese input method', () => {
    expect(maskPersonalData('手机１３８００１３８０００')).toBe('手机１３８****８０００');
    expect(maskPersonalData('邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('邮箱ｚ***＠ｅｘａｍｐｌｅ．ｃｏｍ');
  });

  it('masks email addresses, keeping the first character and the domain', () => {
    expect(maskPersonalData('请回复 zhang.san@example.com 谢谢')).toBe('请回复 z***@example.com 谢谢');
    expect(maskPersonalData('a@b.cn')).toBe('a***@b.cn');
  });

  it('masks several kinds in one comment', () => {
    expect(maskPersonalData('我是张三，电话13912345678，身份证32011519800101001X，邮箱zs@qq.com，单位电话025-83331234。')).toBe(
      '我是张三，电话139****5678，身份证320115********001X，邮箱z***@qq.com，单位电话025-******34。',
    );
  });

  it('leaves dates, amounts, percentages, measures and article numbers alone', () => {
    const text = '2022年9月底前完成，投资1200万元，回收率不低于80%，DN300mm污水干管14550米，第十九条、第4项，2024-01-15，面积6.05万亩。';
    expect(maskPersonalData(text)).toBe(text);
  });
});
