import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * argon2id. The defaults follow OWASP's first recommended profile (19 MiB, 2 passes); tests pass
 * a lighter cost so a suite that creates hundreds of users stays fast.
 */
export function argon2Hasher(cost: { memoryCost?: number; timeCost?: number } = {}): PasswordHasher {
  const opts = { type: argon2.argon2id as 0 | 1 | 2, memoryCost: cost.memoryCost ?? 19 * 1024, timeCost: cost.timeCost ?? 2, parallelism: 1 };
  return {
    hash: (password) => argon2.hash(password, opts),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
  };
}
