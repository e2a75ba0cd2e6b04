/**
 * Handshakes captured once between Debian's FFmpeg 5.1 (libsrt 1.5.1) as caller and as listener, through a UDP relay
 * that printed them: the bytes a real caller sends and a real listener answers, for tests of our parsing and
 * building. The caller's Stream ID was `#!::r=live/key1,m=publish`, its passphrase `correct-horse-battery`, its
 * `pbkeylen` the default (16).
 */
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const CAPTURED_STREAM_ID = '#!::r=live/key1,m=publish';

export const callerInduction = hex(`
  80000000 00000000 0000015e 00000000
  00000004 00000002 6c1f7c9d 000005dc 00002000 00000001 3b93ec46 00000000 0100007f 00000000 00000000 00000000`);

export const listenerInduction = hex(`
  80000000 00000000 000f35c1 3b93ec46
  00000005 00004a17 6c1f7c9d 000005dc 00002000 00000001 3b93ec46 1f911ce0 0100007f 00000000 00000000 00000000`);

export const callerConclusion = hex(`
  80000000 00000000 00000a86 00000000
  00000005 00000007 6c1f7c9d 000005dc 00002000 ffffffff 3b93ec46 1f911ce0 0100007f 00000000 00000000 00000000
  00010003 00010501 000000bf 00780000
  00050007 3a3a2123 696c3d72 6b2f6576 2c317965 75703d6d 73696c62 00000068
  0003000e 12202901 00000000 02000200 00000404 1f88b380 f87d435e 6e87617c d2384392 875cb560 4d87327a f0eeba38
  092c2a55 a833670d 3173befc`);

export const listenerConclusion = hex(`
  80000000 00000000 0000039c 3b93ec46
  00000005 00000003 6c1f7c9d 000005dc 00002000 ffffffff 1eeae2ec 1f911ce0 0100007f 00000000 00000000 00000000
  00020003 00010501 000000bf 00780078
  0004000e 12202901 00000000 02000200 00000404 1f88b380 f87d435e 6e87617c d2384392 875cb560 4d87327a f0eeba38
  092c2a55 a833670d 3173befc`);

/**
 * A second exchange: Stream ID `abcdefghij`, `pbkeylen=32` on the caller (advertised in the encryption field), and a
 * listener with another passphrase, which refused the conclusion with BADSECRET (1000 + 10).
 */
export const callerConclusionAes256 = hex(`
  80000000 00000000 000022e5 00000000
  00000005 00040007 7dd4c397 000005dc 00002000 ffffffff 30a5cfb1 2920698b 0100007f 00000000 00000000 00000000
  00010003 00010501 000000bf 00780000
  00050003 64636261 68676665 00006a69
  00030012 12202901 00000000 02000200 00000408 c3eb2846 0313d6c5 e445bf58 9e77fd2b 80e14879 0be4101f d1575682
  ae17d032 9895e9b9 b2568042 c6d7edf4 a67f1ed6 3d0b905d a19640ee`);

export const listenerBadSecret = hex(`
  80000000 00000000 000eb92b 30a5cfb1
  00000005 00040007 7dd4c397 000005dc 00002000 000003f2 3c6307ae 2920698b 0100007f 00000000 00000000 00000000`);
