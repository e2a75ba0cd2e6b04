import { describe, expect, it } from 'vitest';
import { queryOf, readCmcd, splitMembers } from './cmcd.read.js';

const SID = '6e2fb550-c457-11e9-bb97-0800200c9a66';
const CID = 'faec5fc2-ac30-11ea-bb37-0242ac130002';
const none = { ot: null, sf: null, st: null, bs: false, su: false, bl: null, br: null, mtp: null, d: null };

/** A query as a player sends it: the payload URL-encoded in the `CMCD` argument. */
const query = (payload: string, before = '') => `${before}CMCD=${encodeURIComponent(payload)}`;

describe('readCmcd', () => {
  it('reads the query example of CTA-5004 with every key', () => {
    // CTA-5004 §5, "sending all parameters on a video segment request", query argument form.
    const spec =
      'CMCD=bl%3D21300%2Cbr%3D3200%2Cbs%2Ccid%3D%22faec5fc2-ac30-11ea-bb37-0242ac130002%22%2Cd%3D4004%2Cdl%3D18500' +
      '%2Cmtp%3D48100%2Cnor%3D%22..%252F300kbps%252Ftrack.m4v%22%2Cnrr%3D%2212323-48763%22%2Cot%3Dv%2Cpr%3D1.08' +
      '%2Crtp%3D12000%2Csf%3Dd%2Csid%3D%226e2fb550-c457-11e9-bb97-0800200c9a66%22%2Cst%3Dv%2Csu%2Ctb%3D6000';
    expect(readCmcd(spec)).toEqual({
      ot: 'v',
      sf: 'd',
      st: 'v',
      bs: true,
      su: true,
      bl: 21300,
      br: 3200,
      mtp: 48100,
      d: 4004,
      sid: SID,
      cid: CID,
    });
  });

  it('reads the session id alone, and the other short examples', () => {
    expect(readCmcd(`CMCD=sid%3D%22${SID}%22`)).toEqual({ ...none, sid: SID, cid: null });
    // "Sending a buffer starvation event on a video segment request"
    expect(readCmcd(query(`bs,ot=v,sid="${SID}"`))).toEqual({ ...none, bs: true, ot: 'v', sid: SID, cid: null });
    // A manifest request of an HLS live stream, with a decimal playback rate ignored
    expect(readCmcd(query(`ot=m,pr=1.5,sf=h,st=l,sid="${SID}"`))).toMatchObject({ ot: 'm', sf: 'h', st: 'l' });
  });

  it('finds CMCD among other arguments, delivery directives included', () => {
    const reading = readCmcd(query('ot=m,sf=h,st=ll,su', '_HLS_msn=12&_HLS_part=3&'));
    expect(reading).toMatchObject({ ot: 'm', sf: 'h', st: 'll', su: true });
    expect(readCmcd(new URLSearchParams(`a=1&${query('br=800,ot=a')}`))).toMatchObject({ br: 800, ot: 'a' });
  });

  it('ignores unknown and custom keys, even ones the strict grammar refuses', () => {
    expect(readCmcd(query(`com.example-mystringkey="myStringValue",br=1200`))).toMatchObject({ br: 1200 });
    // The spec's own custom-key examples use capitals, which RFC 8941 keys may not: only those members are lost.
    expect(readCmcd(query(`com.example-myNumericKey=500,bl=3000,sid="${SID}"`))).toMatchObject({
      bl: 3000,
      sid: SID,
    });
    expect(readCmcd(query('zz=1,ot=v'))).toMatchObject({ ot: 'v' });
  });

  it('keeps a key of the wrong type out, never the others', () => {
    const reading = readCmcd(query('br="fast",bl=-4,mtp=1e3,ot=zz,sf=x,st=q,bs=?0,su=1,d=2000'));
    expect(reading).toEqual({ ...none, d: 2000, sid: null, cid: null });
    expect(readCmcd(query(`cid="${'x'.repeat(65)}",br=10`))).toMatchObject({ cid: null, br: 10 });
    expect(readCmcd(query('br=99999999999999'))).toBeNull();
  });

  it('reads the first member of a CMCD v2 list', () => {
    expect(readCmcd(query('v=2,bl=(1500;v 900;a),br=(2000),mtp=(40000)'))).toMatchObject({
      bl: 1500,
      br: 2000,
      mtp: 40000,
    });
  });

  it('gives null for no CMCD, or garbage, never an error', () => {
    for (const q of [
      '',
      'a=1',
      'CMCD=',
      'CMCD=garbage',
      'CMCD=%zz',
      query('=,=,'),
      query('sid="unterminated'),
      query('"""'),
      query('bl=1e999'),
      query('a=b=c,,,'),
      query(String.fromCharCode(0, 1, 2)),
      query('\u{1F600}=1'),
      `CMCD=${'a'.repeat(100_000)}`,
    ]) {
      expect(readCmcd(q), q.slice(0, 40)).toBeNull();
    }
  });
});

describe('splitMembers', () => {
  it('splits at commas outside quoted strings', () => {
    expect(splitMembers('a=1, b="x,y" ,c="q\\"," ,,d')).toEqual(['a=1', 'b="x,y"', 'c="q\\","', 'd']);
  });
});

describe('queryOf', () => {
  it('is what follows the first question mark', () => {
    expect(queryOf('/media/videos/x/seg.m4s?CMCD=ot%3Dv&a=?')).toBe('CMCD=ot%3Dv&a=?');
    expect(queryOf('/media/videos/x/seg.m4s')).toBe('');
  });
});
