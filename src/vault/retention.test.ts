// Drafts untouched for too long are flagged, never deleted.
import { describe, expect, it } from 'vitest';
import { isStaleDraft } from './retention';

const DAY = 24 * 3600_000;

describe('retention', () => {
  it('flags drafts untouched for too long', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(isStaleDraft(new Date(now - 31 * DAY).toISOString(), 30, now)).toBe(true);
    expect(isStaleDraft(new Date(now - 29 * DAY).toISOString(), 30, now)).toBe(false);
  });
});
