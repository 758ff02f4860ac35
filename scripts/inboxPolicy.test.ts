// The receiver serves the inbox under the app's own Content-Security-Policy
// (vite.config.ts), with two changes only: it connects to its own origin, and
// no page may frame it. Here, where both the build's and the receiver's code may be read.
import { describe, expect, it } from 'vitest';
import { INBOX_CONTENT_SECURITY_POLICY } from '../server/inboxPage';
import { CONTENT_SECURITY_POLICY } from '../vite.config';

describe('the inbox page\'s Content-Security-Policy', () => {
  it('is the app\'s, but for connect-src \'self\' and frame-ancestors \'none\'', () => {
    const fromApp = CONTENT_SECURITY_POLICY.split('; ').map((directive) => (directive.startsWith('connect-src ') ? "connect-src 'self'" : directive));
    expect(INBOX_CONTENT_SECURITY_POLICY.split('; ')).toEqual([...fromApp, "frame-ancestors 'none'"]);
  });
});
