// The benchmark's floor: React rendering one heading and a bare input, the least
// a React page can do to show an interactive first screen. Query modes give the
// floors of the other measures (see docs/benchmarks.md):
//   ?mode=typing  a bare <input> and a bare <textarea> holding the long narrative
//   ?mode=save    a textarea that puts its value into IndexedDB on every input
//   ?mode=file    a button that puts one record into IndexedDB, then shows a heading
//   ?mode=list    a button that reads the newest 50 records by an index and lists them
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const DATABASE = 'floor';

function openFloorDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('drafts', { keyPath: 'id' });
      request.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('submittedAt', 'submittedAt');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function put(store: string, value: unknown): Promise<void> {
  return openFloorDatabase().then(
    (db) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction(store, 'readwrite');
        transaction.objectStore(store).put(value);
        transaction.oncomplete = () => {
          db.close();
          resolve();
        };
        transaction.onerror = () => reject(transaction.error);
      }),
  );
}

/** Stores one record, measured as the app measures its filing ('shouhu:file-report'). */
async function file(): Promise<void> {
  const start = performance.now();
  await put('outbox', { id: crypto.randomUUID(), submittedAt: new Date().toISOString() });
  performance.measure('floor:file-report', { start, end: performance.now() });
}

interface ListedRecord {
  id: string;
  reference: string;
  status: string;
  submittedAt: string;
}

function newest(count: number): Promise<ListedRecord[]> {
  return openFloorDatabase().then(
    (db) =>
      new Promise((resolve, reject) => {
        const found: ListedRecord[] = [];
        const request = db.transaction('outbox').objectStore('outbox').index('submittedAt').openCursor(null, 'prev');
        request.onsuccess = () => {
          const cursor = request.result;
          if (cursor && found.length < count) {
            found.push(cursor.value as ListedRecord);
            cursor.continue();
          } else {
            db.close();
            resolve(found);
          }
        };
        request.onerror = () => reject(request.error);
      }),
  );
}

function Floor({ mode }: { mode: string }) {
  const [filed, setFiled] = useState(false);
  const [list, setList] = useState<ListedRecord[] | undefined>();
  return (
    <main>
      <h1>守护</h1>
      {mode === 'start' ? <input aria-label="floor" /> : null}
      {mode === 'typing' ? (
        <>
          <input aria-label="short" />
          <textarea aria-label="long" rows={8} />
        </>
      ) : null}
      {mode === 'save' ? (
        <textarea
          aria-label="long"
          rows={8}
          onInput={(event) => void put('drafts', { id: 'draft', updatedAt: new Date().toISOString(), value: event.currentTarget.value })}
        />
      ) : null}
      {mode === 'file' ? (
        filed ? (
          <h2>报告已提交</h2>
        ) : (
          <button type="button" onClick={() => void file().then(() => setFiled(true))}>
            提交报告
          </button>
        )
      ) : null}
      {mode === 'list' ? (
        list ? (
          <ul>
            {list.map((item) => (
              <li key={item.id}>
                <h3>{item.reference}</h3>
                <p>{item.status}</p>
                <p>{item.submittedAt}</p>
              </li>
            ))}
          </ul>
        ) : (
          <button type="button" onClick={() => void newest(50).then(setList)}>
            发件箱
          </button>
        )
      ) : null}
    </main>
  );
}

const mode = new URLSearchParams(location.search).get('mode') ?? 'start';
// The database exists (with its stores) before anything is put into it or read from it.
if (mode === 'save' || mode === 'file' || mode === 'list') {
  void openFloorDatabase().then((db) => {
    db.close();
    document.documentElement.dataset.databaseReady = 'true';
  });
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Floor mode={mode} />
  </StrictMode>,
);
// Offline start is measured against this page served by a generated service worker, as the app is.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => undefined);
