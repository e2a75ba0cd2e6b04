import { randomUUID } from 'node:crypto';
import { accessTokenClaims, type Role } from '@framecast/contracts';
import type { Clock } from '@framecast/kit';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { SigningKeyRow, UserTables } from '../user.tables.js';
import { type KeyPeriods, keyExpiry, planKeys, SIGNING_PERIOD_MS } from './signing-key.plan.js';

export interface AccessTokenSubject {
  id: string;
  handle: string;
  display_name: string;
  roles: Role[];
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

export interface AccessTokenIssuer {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
  /** Public parts of every unexpired key, for `/.well-known/jwks.json`. */
  jwks(): Promise<{ keys: JWK[] }>;
}

/** Keys made by other instances show up within this long. */
const RELOAD_MS = 60_000;

interface Loaded {
  rows: SigningKeyRow[];
  at: number;
}

/**
 * Signs access tokens with Ed25519 keys kept in `users.signing_keys`, making one on first start and another
 * each signing period (see `planKeys` for which key signs when). Signing re-reads the keys every minute; the JWKS
 * always reads them, so every instance publishes the keys the others made.
 */
export function createAccessTokenIssuer(deps: {
  db: Kysely<UserTables>;
  clock: Clock;
  ttlSeconds: number;
}): AccessTokenIssuer {
  const { db, clock, ttlSeconds } = deps;
  const periods: KeyPeriods = { signingMs: SIGNING_PERIOD_MS, accessTokenMs: ttlSeconds * 1000 };
  const privateKeys = new Map<string, Promise<CryptoKey>>();
  let loaded: Loaded | null = null;
  let making: Promise<void> | null = null;

  const load = async (fresh: boolean): Promise<SigningKeyRow[]> => {
    const now = clock.now().getTime();
    if (fresh || !loaded || now - loaded.at >= RELOAD_MS) {
      const rows = await db.selectFrom('signing_keys').selectAll().execute();
      loaded = { rows, at: now };
    }
    return loaded.rows;
  };

  const makeKey = async () => {
    const { privateKey, publicKey } = await generateKeyPair(accessTokenClaims.algorithm, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    const createdAt = clock.now();
    const meta = { kid, alg: accessTokenClaims.algorithm, use: 'sig' };
    await db
      .insertInto('signing_keys')
      .values({
        kid,
        private_jwk: JSON.stringify({ ...(await exportJWK(privateKey)), ...meta }),
        public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), ...meta }),
        created_at: createdAt,
        expires_at: keyExpiry(createdAt, periods),
      })
      .execute();
    loaded = null;
  };

  const plan = async (fresh = false) => {
    const times = (rows: SigningKeyRow[]) =>
      rows.map((row) => ({ kid: row.kid, createdAt: row.created_at, expiresAt: row.expires_at, row }));
    let current = planKeys(times(await load(fresh)), clock.now(), periods);
    if (current.makeKey) {
      making ??= makeKey().finally(() => {
        making = null;
      });
      await making;
      current = planKeys(times(await load(true)), clock.now(), periods);
    }
    return current;
  };

  const privateKey = (row: SigningKeyRow) => {
    let key = privateKeys.get(row.kid);
    if (!key) {
      key = importJWK(JSON.parse(row.private_jwk) as JWK, accessTokenClaims.algorithm) as Promise<CryptoKey>;
      privateKeys.set(row.kid, key);
    }
    return key;
  };

  return {
    async issue(subject) {
      const { signer } = await plan();
      if (!signer) throw new Error('No signing key is available after making one.');
      const iat = Math.floor(clock.now().getTime() / 1000);
      const accessToken = await new SignJWT({
        handle: subject.handle,
        name: subject.display_name,
        roles: subject.roles,
      })
        .setProtectedHeader({ alg: accessTokenClaims.algorithm, kid: signer.kid, typ: 'JWT' })
        .setSubject(subject.id)
        .setIssuer(accessTokenClaims.issuer)
        .setAudience(accessTokenClaims.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(await privateKey(signer.row));
      return { accessToken, expiresIn: ttlSeconds };
    },
    async jwks() {
      // Read fresh: verifiers ask again only when they meet an unknown `kid`, which may be another instance's.
      const { published } = await plan(true);
      return { keys: published.map((k) => JSON.parse(k.row.public_jwk) as JWK) };
    },
  };
}
