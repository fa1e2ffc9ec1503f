// Signed cookies: what the signer accepts, first time and again.
import { describe, expect, it } from 'vitest';
import { Signer } from '../src/web/security.ts';

describe('Signer', () => {
  it('accepts its own token every time, and never a changed one or another secret’s, however often the good one was seen', () => {
    const signer = new Signer(Buffer.from('một bí mật đủ dài cho phép thử ký cookie'));
    const other = new Signer(Buffer.from('bí mật của một bản chạy khác hoàn toàn'));
    const token = signer.sign({ id: 'abc' });
    for (let i = 0; i < 3; i++) expect(signer.verify(token)).toEqual({ id: 'abc' });

    const [body, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ id: 'khác' })).toString('base64url')}.${mac}`;
    expect(signer.verify(forged)).toBeUndefined();
    expect(signer.verify(`${body}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(signer.verify(other.sign({ id: 'abc' }))).toBeUndefined();
    expect(other.verify(token)).toBeUndefined();
    expect(signer.verify(`${body}`)).toBeUndefined();
    expect(signer.verify('')).toBeUndefined();

    // What a caller does with the payload does not change what the token says next time.
    const payload = signer.verify<{ id: string }>(token)!;
    payload.id = 'đã sửa';
    expect(signer.verify(token)).toEqual({ id: 'abc' });
  });
});
