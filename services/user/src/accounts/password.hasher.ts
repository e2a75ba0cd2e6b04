import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, type Options, verify } from '@node-rs/argon2';

/** argon2id with @node-rs/argon2's defaults (OWASP's second recommended setting); stated by the benchmarks. */
export const ARGON2_PARAMS = { algorithm: 'argon2id', memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const argonOptions: Options = {
  // `Algorithm.Argon2id`: the enum is declared `const`, which isolated modules cannot read.
  algorithm: 2 as Algorithm,
  memoryCost: ARGON2_PARAMS.memoryCost,
  timeCost: ARGON2_PARAMS.timeCost,
  parallelism: ARGON2_PARAMS.parallelism,
};

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password; also false, after the same work, when `encoded` is null (unknown account). */
  verify(encoded: string | null, password: string): Promise<boolean>;
}

/**
 * Hashes with argon2id. Verifying against a missing account still runs one argon2 verification of a
 * throwaway hash, so a wrong email and a wrong password take about the same time.
 */
export async function createPasswordHasher(): Promise<PasswordHasher> {
  const dummy = await hash(randomBytes(32).toString('base64url'), argonOptions);
  return {
    hash: (password) => hash(password, argonOptions),
    async verify(encoded, password) {
      if (encoded === null) {
        await verify(dummy, password).catch(() => false);
        return false;
      }
      return verify(encoded, password).catch(() => false);
    },
  };
}
