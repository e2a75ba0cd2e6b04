import { describe, expect, it } from 'vitest';
import { parseRemotesManifest } from './remotes.manifest.js';

const base = 'https://framecast.example/mf/remotes.json';
const gatewayManifest = {
  auth: '/mf/auth/mf-manifest.json',
  home: '/mf/home/mf-manifest.json',
  creator: '/mf/creator/mf-manifest.json',
  player: '/mf/player/mf-manifest.json',
};

describe('parseRemotesManifest', () => {
  it('resolves the gateway’s relative addresses against the manifest', () => {
    expect(parseRemotesManifest(gatewayManifest, base)).toEqual({
      auth: 'https://framecast.example/mf/auth/mf-manifest.json',
      home: 'https://framecast.example/mf/home/mf-manifest.json',
      creator: 'https://framecast.example/mf/creator/mf-manifest.json',
      player: 'https://framecast.example/mf/player/mf-manifest.json',
    });
  });

  it('keeps absolute addresses, as in development', () => {
    const manifest = parseRemotesManifest(
      {
        auth: 'http://localhost:3001/mf-manifest.json',
        home: 'http://localhost:3002/mf-manifest.json',
        creator: 'http://localhost:3003/mf-manifest.json',
        player: 'http://localhost:3004/mf-manifest.json',
        extra: 'x',
      },
      'http://localhost:3000/mf/remotes.json',
    );
    expect(manifest.auth).toBe('http://localhost:3001/mf-manifest.json');
    expect(Object.keys(manifest)).toEqual(['auth', 'home', 'creator', 'player']);
  });

  it('refuses a manifest without every remote', () => {
    expect(() => parseRemotesManifest({ auth: '/mf/auth/mf-manifest.json' }, base)).toThrow(/no address for "home"/);
    const { player: _player, ...withoutPlayer } = gatewayManifest;
    expect(() => parseRemotesManifest(withoutPlayer, base)).toThrow(/no address for "player"/);
    expect(() => parseRemotesManifest({ auth: 1, home: '' }, base)).toThrow(/no address for "auth"/);
    expect(() => parseRemotesManifest([], base)).toThrow(/not a JSON object/);
    expect(() => parseRemotesManifest(null, base)).toThrow(/not a JSON object/);
  });
});
