// Endpoint addresses: what is refused at save, and what a stored one that cannot be used leads to.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import {
  endpointWarning,
  loadDeploymentDefaults,
  loadUserSettings,
  saveUserSettings,
  sendingSettings,
  USER_SETTINGS_KEY,
  UnusableEndpointError,
} from './syncSettings';

afterEach(async () => {
  await db.settings.clear();
});

const configJson = (json: unknown): typeof fetch => async () => new Response(JSON.stringify(json), { status: 200 });

describe('endpoint addresses', () => {
  it('name what is wrong with an address a person might type', () => {
    const cases: [string, string | undefined][] = [
      ['https://reports.example.gov.cn/api/reports', undefined],
      ['  https://reports.example.gov.cn/api/reports  ', undefined],
      ['http://127.0.0.1:8787/api/reports', undefined],
      ['http://reports.example.gov.cn/api/reports', 'insecure'],
      ['http://user:secret@reports.example.gov.cn/api/reports', 'credentials'],
      ['https://user:secret@reports.example.gov.cn/api/reports', 'credentials'],
      ['https://user@reports.example.gov.cn/api/reports', 'credentials'],
      ['https://:secret@reports.example.gov.cn/api/reports', 'credentials'],
      ['http://user:secret@127.0.0.1:8787/api/reports', 'credentials'],
      ['reports.example.gov.cn/api/reports', 'invalid'],
      ['https://', 'invalid'],
      ['ftp://reports.example.gov.cn/api/reports', 'notHttp'],
      ['javascript:alert(1)', 'notHttp'],
      ['https://reports.example.gov.cn/api/ reports', 'spaces'],
      ['https://reports.example .gov.cn/api/reports', 'spaces'],
      ['https：//reports.example.gov.cn/api/reports', 'fullWidth'],
    ];
    for (const [address, expected] of cases) expect(endpointWarning(address), address).toBe(expected);
  });

  it('refuse, at save, an address with a user name or password, and keep the saved one', async () => {
    await saveUserSettings({ endpoint: 'https://reports.example.gov.cn/api/reports' });
    const saving = saveUserSettings({ endpoint: 'http://user:secret@reports.example.gov.cn/api/reports' });
    await expect(saving).rejects.toBeInstanceOf(UnusableEndpointError);
    await expect(saving).rejects.toMatchObject({ problem: 'credentials' });
    await expect(saveUserSettings({ endpoint: 'ftp://reports.example.gov.cn/x' })).rejects.toMatchObject({ problem: 'notHttp' });
    expect(await loadUserSettings()).toEqual({ endpoint: 'https://reports.example.gov.cn/api/reports' });
    // An empty address is allowed: it means "use the deployment's".
    await saveUserSettings({ endpoint: '' });
    expect(await loadUserSettings()).toEqual({});
  });
});

describe('the settings reports are sent with', () => {
  it('use the user’s address over the deployment’s', async () => {
    const defaults = await loadDeploymentDefaults(configJson({ endpoint: 'https://default.example.gov.cn/api/reports', token: '' }));
    expect(sendingSettings(defaults, await loadUserSettings())).toEqual({ kind: 'ready', config: { endpoint: 'https://default.example.gov.cn/api/reports' } });
    await saveUserSettings({ endpoint: 'https://mine.example.gov.cn/api/reports' });
    expect(sendingSettings(defaults, await loadUserSettings())).toEqual({ kind: 'ready', config: { endpoint: 'https://mine.example.gov.cn/api/reports' } });
    expect(sendingSettings({}, {})).toEqual({ kind: 'notConfigured' });
  });

  it('do not use an address with credentials stored by an older version: it needs fixing, said so', async () => {
    await db.settings.put({ key: USER_SETTINGS_KEY, value: { endpoint: 'http://user:secret@reports.example.gov.cn/api/reports' } });
    const defaults = { endpoint: 'https://default.example.gov.cn/api/reports' };
    expect(sendingSettings(defaults, await loadUserSettings())).toEqual({ kind: 'unusable', problem: 'credentials' });
  });

  it('do not use an address with credentials from config.json, nor the copy kept for offline starts', async () => {
    const endpoint = 'https://agency:secret@reports.example.gov.cn/api/reports';
    expect(sendingSettings(await loadDeploymentDefaults(configJson({ endpoint })), {})).toEqual({ kind: 'unusable', problem: 'credentials' });
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(sendingSettings(await loadDeploymentDefaults(offline), {})).toEqual({ kind: 'unusable', problem: 'credentials' });
  });
});
