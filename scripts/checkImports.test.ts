// The house's direction check: it finds wrong imports and circles, and the tree as it stands has none.
import { describe, expect, it } from 'vitest';
import { checkHouse, circles, importsOf, layerOf, wrongImport } from './checkImports';

const edge = (from: string, to: string) => ({ from, to, specifier: to });

describe('the import direction', () => {
  it('places files in their layers', () => {
    expect(layerOf('src/contract/schema.ts')).toBe('contract');
    expect(layerOf('src/features/report/ReportForm.tsx')).toBe('features');
    expect(layerOf('src/main.tsx')).toBe('main');
    expect(layerOf('server/handler.ts')).toBe('server');
    expect(layerOf('agency/main.ts')).toBe('agency');
    expect(layerOf('src/inbox/main.tsx')).toBe('inbox');
    expect(layerOf('e2e/sync.spec.ts')).toBeUndefined();
  });

  it('lets each layer import the ones below it', () => {
    expect(wrongImport(edge('src/app/App.tsx', 'src/features/outbox/OutboxScreen.tsx'))).toBeUndefined();
    expect(wrongImport(edge('src/sync/queue.ts', 'src/vault/content.ts'))).toBeUndefined();
    expect(wrongImport(edge('src/storage/db.ts', 'src/contract/schema.ts'))).toBeUndefined();
    expect(wrongImport(edge('src/features/report/fields.tsx', 'src/i18n/I18nProvider.tsx'))).toBeUndefined();
    expect(wrongImport(edge('src/features/report/steps/ChildStep.tsx', 'src/features/report/fields.tsx'))).toBeUndefined();
    expect(wrongImport(edge('server/reportIntake.ts', 'src/contract/contentHash.ts'))).toBeUndefined();
    // Tests meet the receiver's own code, which the app never loads.
    expect(wrongImport(edge('src/sync/testing/testReceiver.ts', 'server/reportIntake.ts'))).toBeUndefined();
    expect(wrongImport(edge('agency/main.ts', 'server/openStore.ts'))).toBeUndefined();
    expect(wrongImport(edge('agency/reportColumns.ts', 'src/i18n/zh-CN.ts'))).toBeUndefined();
  });

  it('refuses an import up the direction, across features, into app/, and from the receiver into the app', () => {
    expect(wrongImport(edge('src/storage/db.ts', 'src/vault/crypto.ts'))).toMatch(/storage\/ may not import vault\//);
    expect(wrongImport(edge('src/contract/schema.ts', 'src/i18n/zh-CN.ts'))).toMatch(/contract\/ may not import i18n\//);
    expect(wrongImport(edge('src/features/outbox/OutboxScreen.tsx', 'src/features/report/steps.ts'))).toMatch(/another feature/);
    expect(wrongImport(edge('src/features/settings/StorageSection.tsx', 'src/app/serviceWorker.ts'))).toMatch(/features\/ may not import app\//);
    expect(wrongImport(edge('src/lib/Link.tsx', 'src/vault/session.ts'))).toMatch(/lib\/ may not import vault\//);
    expect(wrongImport(edge('server/reportIntake.ts', 'src/sync/sendReport.ts'))).toMatch(/server\/ imports only/);
    expect(wrongImport(edge('src/sync/transport.ts', 'server/reportIntake.ts'))).toMatch(/nothing of server/);
    expect(wrongImport(edge('agency/main.ts', 'src/vault/crypto.ts'))).toMatch(/agency\/ imports only/);
  });

  it('keeps the agency inbox apart: it imports contract, lib and i18n only, and the tablet app never imports it', () => {
    expect(wrongImport(edge('src/inbox/ReportScreen.tsx', 'src/contract/openSealedReport.ts'))).toBeUndefined();
    expect(wrongImport(edge('src/inbox/OpenScreen.tsx', 'src/lib/PrivateForm.tsx'))).toBeUndefined();
    expect(wrongImport(edge('src/inbox/ReportAnswers.tsx', 'src/i18n/answerText.ts'))).toBeUndefined();
    expect(wrongImport(edge('src/inbox/ReportAnswers.tsx', 'src/features/report/AnswerList.tsx'))).toMatch(/inbox\/ may not import features\//);
    expect(wrongImport(edge('src/inbox/Inbox.tsx', 'src/vault/session.ts'))).toMatch(/inbox\/ may not import vault\//);
    expect(wrongImport(edge('src/inbox/Inbox.tsx', 'src/app/App.tsx'))).toMatch(/inbox\/ may not import app\//);
    expect(wrongImport(edge('src/app/App.tsx', 'src/inbox/Inbox.tsx'))).toMatch(/app\/ may not import inbox\//);
    expect(wrongImport(edge('src/main.tsx', 'src/inbox/main.tsx'))).toMatch(/main\/ may not import inbox\//);
    expect(wrongImport(edge('src/features/outbox/OutboxScreen.tsx', 'src/inbox/EntryCard.tsx'))).toMatch(/features\/ may not import inbox\//);
  });

  it('reads static, re-exported and dynamic imports, and resolves them to files', () => {
    const file = {
      path: 'src/app/App.tsx',
      text: "import { a } from './a';\nexport { b } from '../lib/b';\nconst c = lazy(() => import('../features/c/C'));\nimport 'zod';\n",
    };
    const exists = (candidate: string) => ['src/app/a.ts', 'src/lib/b.tsx', 'src/features/c/C.tsx'].includes(candidate);
    expect(importsOf(file, exists).map((found) => found.to)).toEqual(['src/app/a.ts', 'src/lib/b.tsx', 'src/features/c/C.tsx']);
  });

  it('finds circles of any length', () => {
    const found = circles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd'), edge('d', 'e')]);
    expect(found).toEqual([['a', 'b', 'c']]);
    expect(circles([edge('a', 'b'), edge('b', 'c')])).toEqual([]);
  });

  it('holds for the tree as it stands', () => {
    expect(checkHouse(process.cwd())).toEqual([]);
  });
});
