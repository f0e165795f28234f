// Reads the parts of a `share/email.eml` written by redflag (multipart/alternative, base64
// parts): `{ 'text/plain': …, 'text/html': … }`. A helper for share.mjs and injection.mjs, not a
// test file; the Rust tests parse the same files with Python's `email` package.
import assert from 'node:assert/strict';

export function emailParts(eml) {
  const boundary = /boundary="([^"]+)"/.exec(eml)[1];
  const parts = {};
  for (const chunk of eml.split(`--${boundary}`).slice(1, -1)) {
    const [head, body] = chunk.split('\r\n\r\n');
    const type = /Content-Type: ([^;\r\n]+)/i.exec(head)[1];
    assert.match(head, /Content-Transfer-Encoding: base64/i);
    parts[type] = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return parts;
}
