import { describe, expect, it } from 'vitest';
import { parseReference } from '../contract/referenceCode';
import { CARE_STATUSES, CIRCUMSTANCES, HOW_KNOWN, OTHER_AGENCIES, SEXES, UNIT_TYPES } from '../contract/codes';
import { en } from './en';
import { translate } from './language';
import { zhCN, type MessageKey } from './zh-CN';

const catalogs = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };

describe('the message catalogs', () => {
  it('give, as an example of a reference code, one that is a valid code: a user may type it to try', () => {
    for (const messages of Object.values(catalogs)) {
      const examples = Object.values(messages).flatMap((text) => text.match(/\b[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}\b/g) ?? []);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(parseReference(example), example).toMatchObject({ ok: true });
    }
  });

  it('have the same keys in both languages, none empty', () => {
    const zhKeys = Object.keys(zhCN).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys).toEqual(zhKeys);
    for (const [language, messages] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(messages)) {
        expect(text.trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('name every code of every list, and every message key the schema uses', async () => {
    const lists: [string, readonly string[]][] = [
      ['unitType', UNIT_TYPES],
      ['circumstance', CIRCUMSTANCES],
      ['howKnown', HOW_KNOWN],
      ['sex', SEXES],
      ['careStatus', CARE_STATUSES],
      ['agency', OTHER_AGENCIES],
    ];
    for (const [prefix, codes] of lists) {
      for (const code of codes) expect(Object.hasOwn(zhCN, `${prefix}.${code}`), `${prefix}.${code}`).toBe(true);
    }
    const { readFile } = await import('node:fs/promises');
    const schemaSource = await readFile(new URL('../contract/schema.ts', import.meta.url), 'utf8');
    const used = new Set([...schemaSource.matchAll(/'(error\.\w+)'/g)].map((m) => m[1] as string));
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(Object.hasOwn(zhCN, key), key).toBe(true);
  });

  it('carry the statutory wording of the nine circumstances', () => {
    expect(zhCN['circumstance.organised_begging']).toBe('被组织乞讨');
    expect(en['circumstance.missing_trafficked']).toBe('Of unknown origin, missing, trafficked or bought');
  });

  it('fill in placeholders', () => {
    expect(translate(en, 'form.progress', { current: 2, total: 5 })).toBe('Step 2 of 5');
    expect(translate(zhCN, 'form.progress', { current: 2, total: 5 })).toBe('第 2 步，共 5 步');
  });
});
