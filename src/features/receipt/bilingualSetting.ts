// Whether receipts print in both languages. A display preference, not report
// content, so it may live in localStorage.
import { useCallback, useState } from 'react';

const STORAGE_KEY = 'shouhu.receiptBilingual';

function readSetting(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

export function useBilingualSetting(): [boolean, (on: boolean) => void] {
  const [bilingual, setBilingual] = useState(readSetting);
  const change = useCallback((on: boolean) => {
    setBilingual(on);
    try {
      localStorage.setItem(STORAGE_KEY, String(on));
    } catch {
      // Storage disabled: the choice lasts for this visit only.
    }
  }, []);
  return [bilingual, change];
}
