// What the benchmark runs inside the pages it measures, installed in every page
// before the page's own scripts (`context.addInitScript`). Plain JavaScript in
// a string: functions compiled by tsx carry helpers that do not exist in the page.
//
// "Next paint" is taken as a requestAnimationFrame callback followed by a task
// posted from it: that task runs once the frame's style, layout and paint are done.

/** The first control of a first screen: enabled, in <main>. The same for the app and the floor. */
export const FIRST_CONTROL = 'main button:not([disabled]), main input:not([disabled]), main textarea:not([disabled])';

export const PROBES = String.raw`
(() => {
  const nextPaint = () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });

  /** Resolves with the next paint after the first DOM state where test() holds. */
  const whenDom = (test) =>
    new Promise((resolve) => {
      const check = () => {
        if (!test()) return false;
        observer.disconnect();
        const seenAt = performance.now();
        nextPaint().then((paintedAt) => resolve({ seenAt, paintedAt }));
        return true;
      };
      const observer = new MutationObserver(() => void check());
      observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
      queueMicrotask(check);
    });

  const keyLatencies = [];
  let keyWaiters = [];
  let clickAt;

  const decode = (value) => {
    if (Array.isArray(value)) return value.map(decode);
    if (value && typeof value === 'object') {
      if (typeof value.$bytes === 'string') return Uint8Array.from(atob(value.$bytes), (char) => char.charCodeAt(0));
      const out = {};
      for (const key of Object.keys(value)) out[key] = decode(value[key]);
      return out;
    }
    return value;
  };

  /** An IndexedDB request's result. */
  const requested = (request) =>
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  /** Resolves once a read-write transaction has committed. */
  const committed = (transaction) =>
    new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });

  /** Opens the database by its raw name (no version: as it is), uses it, closes it. */
  const withDatabase = async (name, use) => {
    const db = await requested(indexedDB.open(name));
    try {
      return await use(db);
    } finally {
      db.close();
    }
  };

  const bench = {
    nextPaint,
    whenDom,
    firstControl: undefined,
    watchFirstControl(selector) {
      bench.firstControl = whenDom(() => document.querySelector(selector) !== null);
      bench.firstControl.then((times) => (bench.firstControlAt = times));
    },
    firstControlAt: undefined,
    whenText(selector, text) {
      return whenDom(() => [...document.querySelectorAll(selector)].some((element) => element.textContent.trim() === text));
    },
    whenCount(selector, count) {
      return whenDom(() => document.querySelectorAll(selector).length >= count);
    },
    recordKeys() {
      addEventListener(
        'keydown',
        (event) => {
          const start = event.timeStamp;
          nextPaint().then((paintedAt) => {
            keyLatencies.push(paintedAt - start);
            keyWaiters = keyWaiters.filter((waiter) => !waiter());
          });
        },
        { capture: true },
      );
    },
    keyLatencies,
    waitForKeys(count) {
      return new Promise((resolve) => {
        const waiter = () => (keyLatencies.length >= count ? (resolve(keyLatencies.slice()), true) : false);
        if (!waiter()) keyWaiters.push(waiter);
      });
    },
    lastKeyDownAt: undefined,
    recordClicks() {
      addEventListener('click', (event) => (clickAt = event.timeStamp), { capture: true });
      addEventListener('keydown', (event) => (bench.lastKeyDownAt = event.timeStamp), { capture: true });
    },
    clickAt: () => clickAt,
    idbGet(name, store, key) {
      return withDatabase(name, (db) => requested(db.transaction(store).objectStore(store).get(key)));
    },
    idbGetAll(name, store) {
      return withDatabase(name, (db) => requested(db.transaction(store).objectStore(store).getAll()));
    },
    /** Puts wire-encoded records ({$bytes: base64} for byte arrays) in one transaction. */
    idbPutAll(name, store, records) {
      return withDatabase(name, (db) => {
        const transaction = db.transaction(store, 'readwrite');
        const objects = transaction.objectStore(store);
        for (const record of records) objects.put(decode(record));
        return committed(transaction);
      });
    },
    idbClear(name, store) {
      return withDatabase(name, (db) => {
        const transaction = db.transaction(store, 'readwrite');
        transaction.objectStore(store).clear();
        return committed(transaction);
      });
    },
    /** Polls a record's updatedAt every intervalMs (one connection) until it differs from before; resolves with when it was seen. */
    pollUpdatedAt(name, store, key, before, intervalMs, timeoutMs) {
      return withDatabase(name, async (db) => {
        const started = performance.now();
        for (;;) {
          const record = await requested(db.transaction(store).objectStore(store).get(key));
          if (record && record.updatedAt !== before) return performance.now();
          if (performance.now() - started > timeoutMs) throw new Error('not saved within ' + timeoutMs + ' ms');
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      });
    },
    /**
     * Sends wire-encoded envelopes with 'workers' POSTs in flight: the plain
     * loop the sync engine is measured against. With perRequest > 1, batches of
     * that many to the batch route. Returns how many reports were not stored now (201).
     */
    async postLoop(endpoint, envelopes, workers, perRequest) {
      let next = 0;
      let failed = 0;
      const worker = async () => {
        for (let batch = envelopes.slice(next, (next += perRequest)); batch.length > 0; batch = envelopes.slice(next, (next += perRequest))) {
          if (perRequest === 1) {
            const envelope = batch[0];
            const response = await fetch(endpoint, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': envelope.id },
              body: JSON.stringify(envelope),
              cache: 'no-store',
            });
            await response.text();
            if (response.status !== 201) failed += 1;
            continue;
          }
          const response = await fetch(endpoint + '/batch', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ reports: batch }),
            cache: 'no-store',
          });
          const answer = await response.json();
          failed += batch.length - answer.results.filter((result) => result.status === 201).length;
        }
      };
      await Promise.all(Array.from({ length: Math.min(workers, envelopes.length) }, worker));
      return failed;
    },
  };
  globalThis.__bench = bench;
})();
`;
