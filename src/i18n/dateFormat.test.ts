// The two date formats: one per language, the same on screen and on the receipt.
import { describe, expect, it } from 'vitest';
import { dateFormatter, dateTimeFormatter } from './dateFormat';

describe('dates', () => {
  const moment = new Date(2026, 10, 22, 8, 30);
  it('read in Chinese as a Chinese form writes them', () => {
    expect(dateTimeFormatter('zh-CN')(moment)).toBe('2026年11月22日 08:30');
    expect(dateFormatter('zh-CN')(moment)).toBe('2026年11月22日');
  });
  it('read in English day first, on a 24-hour clock', () => {
    expect(dateTimeFormatter('en')(moment)).toBe('22 Nov 2026, 08:30');
    expect(dateFormatter('en')(moment)).toBe('22 Nov 2026');
  });
  it('leave what is not a date as it was', () => {
    expect(dateTimeFormatter('en')('not a date')).toBe('not a date');
  });
});
