import Type, { type Static } from 'typebox';
import { roles } from '../roles.js';
import { HANDLE_MAX_LENGTH, HANDLE_MIN_LENGTH, HANDLE_PATTERN } from '../rules/handle.rules.js';
import { PASSWORD_MAX_LENGTH } from '../rules/password.rules.js';
import { BIO_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH } from '../rules/profile.rules.js';

/** API shapes of the user module. Routes validate with these schemas; the typed client uses their types. */

export const Handle = Type.String({
  minLength: HANDLE_MIN_LENGTH,
  maxLength: HANDLE_MAX_LENGTH,
  pattern: HANDLE_PATTERN.source,
  description: `Lowercase letters, digits and underscores; ${HANDLE_MIN_LENGTH} to ${HANDLE_MAX_LENGTH} characters, not starting with an underscore.`,
});
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
export const RoleSchema = Type.Enum(roles);

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema),
  createdAt: Type.String({ format: 'date-time' }),
});
export type User = Static<typeof User>;

/** `session: "cookie"` (default, browsers) sets the refresh token as an httpOnly cookie; `"token"` returns it in the body. */
export const SessionMode = Type.Union([Type.Literal('cookie'), Type.Literal('token')]);

export const RegisterBody = Type.Object(
  { email: Email, handle: Handle, password: Password, session: Type.Optional(SessionMode) },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    email: Type.Optional(Email),
    handle: Type.Optional(Type.String({ minLength: 1, maxLength: HANDLE_MAX_LENGTH })),
    password: Password,
    session: Type.Optional(SessionMode),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** Refresh and logout read the cookie, or this body for `session: "token"` clients. */
export const RefreshBody = Type.Object(
  { refreshToken: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })) },
  { additionalProperties: false },
);
export type RefreshBody = Static<typeof RefreshBody>;

export const AuthResult = Type.Object({
  user: User,
  accessToken: Type.String(),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  /** Only for `session: "token"`. */
  refreshToken: Type.Optional(Type.String()),
});
export type AuthResult = Static<typeof AuthResult>;

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH })),
    bio: Type.Optional(Type.String({ maxLength: BIO_MAX_LENGTH })),
  },
  { additionalProperties: false },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const Channel = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  followerCount: Type.Integer(),
  followingCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  /** Whether the caller follows this channel; absent for anonymous callers. */
  following: Type.Optional(Type.Boolean()),
});
export type Channel = Static<typeof Channel>;

export const ChannelPage = Type.Object({
  items: Type.Array(Channel),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ChannelPage = Static<typeof ChannelPage>;

export const FollowResult = Type.Object({ following: Type.Boolean(), followerCount: Type.Integer() });
export type FollowResult = Static<typeof FollowResult>;

export const AuthProviders = Type.Object({
  password: Type.Boolean(),
  /** The configured OpenID Connect provider, started at `GET /api/auth/oidc/start`. */
  oidc: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
});
export type AuthProviders = Static<typeof AuthProviders>;

/** `GET /api/channels`: newest first (`new`, the default) or by follower count (`popular`); `cursor` from `nextCursor`. */
/** The most channels one batch of handles names (`GET /api/channels?handles=`, `GET /api/live/channels?handles=`). */
export const CHANNEL_HANDLES_MAX = 100;

/** Up to `CHANNEL_HANDLES_MAX` handles, comma-separated, for batches of look-ups. */
export const HandleList = (description: string) =>
  Type.String({
    pattern: `^[^,]{1,${HANDLE_MAX_LENGTH}}(,[^,]{1,${HANDLE_MAX_LENGTH}}){0,${CHANNEL_HANDLES_MAX - 1}}$`,
    maxLength: CHANNEL_HANDLES_MAX * (HANDLE_MAX_LENGTH + 1),
    description: `Up to ${CHANNEL_HANDLES_MAX} handles, comma-separated. ${description}`,
  });

export const ChannelListQuery = Type.Object(
  {
    sort: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('popular')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    handles: Type.Optional(
      HandleList('Those channels that exist, in the order given, on one page. Not with sort, limit or cursor.'),
    ),
  },
  { additionalProperties: false },
);
export type ChannelListQuery = Static<typeof ChannelListQuery>;

/** `PUT /api/users/:id/roles` (admins only): the account's complete set of roles. */
export const UpdateRolesBody = Type.Object(
  { roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }) },
  { additionalProperties: false },
);
export type UpdateRolesBody = Static<typeof UpdateRolesBody>;
