// First load: online, empty cache, a fresh context, service workers blocked.
// Bytes: the JavaScript and CSS the page requested until the network was idle,
// gzipped and attributed (bundleBytes.ts). Time: from navigation start to the
// painted first enabled control of the first screen (the app: with no profile
// yet, the set-up form's first input; the floor: its bare input).
import { firstControlAt, openPage } from '../benchBrowser';
import { bundleBytes, type BundleBytes } from '../bundleBytes';
import { alternate, type BenchContext, type Site } from '../context';
import { medians, type Row } from '../table';

const KB = 1024;
export const OWN_CODE_GOAL_KB = 40;

async function loadOnce(context: BenchContext, site: Site): Promise<{ ms: number; assets: string[] }> {
  const bench = await openPage(context.browser, { blockServiceWorkers: true });
  try {
    const assets: string[] = [];
    bench.page.on('response', (response) => {
      const type = response.request().resourceType();
      const url = new URL(response.url());
      if ((type === 'script' || type === 'stylesheet') && url.origin === new URL(site.url).origin) assets.push(url.pathname);
    });
    await bench.page.goto(site.url);
    const times = await firstControlAt(bench.page);
    await bench.page.waitForLoadState('networkidle');
    return { ms: times.paintedAt, assets };
  } finally {
    await bench.close();
  }
}

export interface FirstLoadResult {
  rows: Row[];
  app: BundleBytes;
  floor: BundleBytes;
}

export async function measureFirstLoad(context: BenchContext): Promise<FirstLoadResult> {
  const loads = await alternate(context.runs, (target) => loadOnce(context, context[target]));
  const app = bundleBytes(context.app.outDir, loads.app.flatMap((load) => load.assets));
  const floor = bundleBytes(context.floor.outDir, loads.floor.flatMap((load) => load.assets));
  const floorIs = 'React rendering a heading and an input, same build';
  const ownApp = (app.gzip.own + app.gzip.messages) / KB;
  const rows: Row[] = [
    { key: 'first-load.third-party', label: 'First load: third-party JS+CSS, gzip', unit: 'KB', app: app.gzip.thirdParty / KB, floor: floor.gzip.thirdParty / KB, floorIs },
    { key: 'first-load.own-code', label: 'First load: own code JS+CSS, gzip', unit: 'KB', app: app.gzip.own / KB, floor: floor.gzip.own / KB, floorIs },
    { key: 'first-load.messages', label: 'First load: messages, gzip', unit: 'KB', app: app.gzip.messages / KB, floor: floor.gzip.messages / KB, floorIs },
    {
      key: 'first-load.own-and-messages',
      label: 'First load: own code + messages, gzip',
      unit: 'KB',
      app: ownApp,
      floor: (floor.gzip.own + floor.gzip.messages) / KB,
      floorIs,
      goal: { text: `< ${OWN_CODE_GOAL_KB} KB`, met: ownApp < OWN_CODE_GOAL_KB },
    },
    { key: 'first-load.total', label: 'First load: all JS+CSS, gzip', unit: 'KB', app: app.total / KB, floor: floor.total / KB, floorIs },
    {
      key: 'first-load.interactive',
      label: 'First load: first screen interactive (set-up form)',
      unit: 'ms',
      ...medians(loads, (load) => load.ms),
      floorIs,
    },
  ];
  return { rows, app, floor };
}
