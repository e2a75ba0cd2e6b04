import Type, { type Static } from 'typebox';

const Url = Type.String({ pattern: '^[a-z][a-z0-9+.-]*://' });

/** The user module's environment variables (documented in docs/operations.md). */
export const userSettingsSchema = Type.Object(
  {
    ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
    ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, default: 900 }),
    REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, default: 30 * 24 * 3600 }),
    REFRESH_REUSE_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 300, default: 20 }),
    OIDC_ISSUER: Type.Optional(Url),
    OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
    OIDC_CLIENT_SECRET: Type.Optional(Type.String()),
    OIDC_NAME: Type.String({ default: 'Single sign-on' }),
    /** Password of the demo accounts `framecast seed` creates. */
    FRAMECAST_SEED_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  },
  { dependentRequired: { OIDC_ISSUER: ['OIDC_CLIENT_ID'] } },
);

export type UserEnv = Static<typeof userSettingsSchema>;

/** Sign-in with an OpenID Connect provider. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  /** What the sign-in button and the error messages call the provider. */
  name: string;
}

/** The user module's settings, as its code uses them. */
export interface UserSettings {
  /** The account with this email (lower-cased) gets the admin role. */
  adminEmail: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a just-rotated refresh token still answers with its successor (two tabs refreshing at once). */
  refreshReuseGraceSeconds: number;
  oidc: OidcSettings | null;
  seedPassword: string | undefined;
}

/** Pure. */
export function toUserSettings(env: UserEnv): UserSettings {
  return {
    adminEmail: env.ADMIN_EMAIL?.toLowerCase(),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            name: env.OIDC_NAME,
          }
        : null,
    seedPassword: env.FRAMECAST_SEED_PASSWORD,
  };
}
