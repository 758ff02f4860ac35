// The agency's name for the receipt: read from config.json, kept for offline use, nothing made up.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import { agencyNameFromConfig, loadAgencyName } from './agencyName';

const answer = (body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status: 200 });
const offline: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};

afterEach(async () => {
  await db.settings.clear();
});

describe('the agency name', () => {
  it('takes one name for both languages, or one per language, and ignores anything else', () => {
    expect(agencyNameFromConfig({ agencyName: ' XX县公安局 ' })).toEqual({ 'zh-CN': 'XX县公安局', en: 'XX县公安局' });
    expect(agencyNameFromConfig({ agencyName: { 'zh-CN': 'XX县公安局', en: 'XX County PSB' } })).toEqual({
      'zh-CN': 'XX县公安局',
      en: 'XX County PSB',
    });
    expect(agencyNameFromConfig({ agencyName: 42 })).toEqual({});
    expect(agencyNameFromConfig({ endpoint: 'https://x' })).toEqual({});
    expect(agencyNameFromConfig(null)).toEqual({});
  });

  it('is kept from the last config.json seen, for receipts printed offline', async () => {
    expect(await loadAgencyName(answer({ agencyName: 'XX县公安局' }))).toEqual({ 'zh-CN': 'XX县公安局', en: 'XX县公安局' });
    expect(await loadAgencyName(offline)).toEqual({ 'zh-CN': 'XX县公安局', en: 'XX县公安局' });
    // A deployment that drops the name drops it here too.
    expect(await loadAgencyName(answer({}))).toEqual({});
  });
});
