// The inbox's catalogs: both languages have every key, with the same placeholders, and a word for every status and department.
import { describe, expect, it } from 'vitest';
import { REFERRAL_DEPARTMENTS, REPORT_STATUSES } from '../contract/reportStatus';
import { inboxEn } from './inboxEn';
import { inboxZhCN, type InboxMessageKey } from './inboxZhCN';
import { zhCN } from './zh-CN';

describe('the inbox catalogs', () => {
  it('have the same keys in both languages, none empty, none also in the tablet catalog', () => {
    expect(Object.keys(inboxEn).sort()).toEqual(Object.keys(inboxZhCN).sort());
    for (const messages of [inboxZhCN, inboxEn] as Record<string, string>[]) {
      for (const [key, text] of Object.entries(messages)) expect(text.trim(), key).not.toBe('');
    }
    for (const key of Object.keys(inboxZhCN)) expect(Object.hasOwn(zhCN, key), key).toBe(false);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(inboxZhCN) as InboxMessageKey[]) expect(placeholders(inboxEn[key]), key).toEqual(placeholders(inboxZhCN[key]));
  });

  it('name every status and every referral department', () => {
    for (const status of REPORT_STATUSES) expect(Object.hasOwn(inboxZhCN, `inbox.status.${status}`), status).toBe(true);
    for (const department of REFERRAL_DEPARTMENTS) expect(Object.hasOwn(inboxZhCN, `inbox.department.${department}`), department).toBe(true);
    expect(inboxZhCN['inbox.status.accepted']).toBe('已受理');
    expect(inboxZhCN['inbox.status.referred']).toBe('已移送');
  });
});
