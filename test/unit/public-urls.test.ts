import { describe, expect, it } from 'vitest';
import { publicUrls } from '../../src/domain/public-urls.js';

describe('public URLs', () => {
  const id = '0b9a1c4e-5f1d-4c56-9a0e-2d3f4b5c6d7e';

  it('when a link is read back, then only this service’s credential pages name a credential', () => {
    const urls = publicUrls('https://badges.example.org/mobicred');
    expect(urls.credentialIdIn(urls.credential(id))).toBe(id);
    expect(urls.credentialIdIn(`${urls.credential(id.toUpperCase())}/verification?lang=de#verdict`)).toBe(id);
    expect(urls.credentialIdIn(`${urls.credential(id)}/`)).toBe(id);
    expect(urls.credentialIdIn(`${urls.credential(id)}/europass`)).toBeUndefined();
    expect(urls.credentialIdIn(`https://badges.example.org/credentials/${id}`)).toBeUndefined();
    expect(urls.credentialIdIn(`https://badges.example.org:8443/mobicred/credentials/${id}`)).toBeUndefined();
    expect(urls.credentialIdIn(`http://badges.example.org/mobicred/credentials/${id}`)).toBeUndefined();
    expect(urls.credentialIdIn(`https://badges.example.org/mobicred/credentials/not-an-id`)).toBeUndefined();
    expect(urls.credentialIdIn('not a link')).toBeUndefined();
  });
});
