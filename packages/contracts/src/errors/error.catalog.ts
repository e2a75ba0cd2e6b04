/**
 * Every error code the API answers, with its HTTP status, the module that answers it and, where the code is always
 * about one request field, that field. `AppError` (packages/kit) takes only these codes, with their status; the
 * browser maps problems to form fields with the same table. docs/api.md lists them, checked by a test.
 */
export interface ErrorSpec {
  readonly status: number;
  /** Who answers it: `http` (any module's HTTP layer), `auth` (any module, checking the caller) or a module name. */
  readonly area: ErrorArea;
  /** The request field the error is always about; `validation_failed` names its field in the problem's `field`. */
  readonly field?: string;
  /** What it means, for the API reference. */
  readonly summary: string;
}

export const errorAreas = [
  'http',
  'auth',
  'user',
  'video',
  'live',
  'chat',
  'analytics',
  'notification',
  'graphql',
] as const;
export type ErrorArea = (typeof errorAreas)[number];

export const errorCatalog = {
  // Any module: the HTTP layer (packages/kit/src/problem.ts).
  validation_failed: {
    status: 400,
    area: 'http',
    summary: 'A field is missing, of the wrong type, unknown or out of bounds; `field` names it.',
  },
  malformed_json: { status: 400, area: 'http', summary: 'The body is not valid JSON, or is empty.' },
  bad_content_length: { status: 400, area: 'http', summary: 'Content-Length does not match the body.' },
  bad_url: { status: 400, area: 'http', summary: 'The request URL is malformed.' },
  upgrade_required: { status: 426, area: 'http', summary: 'A plain HTTP request to the real-time WebSocket address.' },
  url_too_long: { status: 414, area: 'http', summary: 'A part of the request URL is longer than any route takes.' },
  bad_request: { status: 400, area: 'http', summary: 'Another malformed request.' },
  invalid_cursor: { status: 400, area: 'http', field: 'cursor', summary: 'A listing cursor that no page gave out.' },
  invalid_key: { status: 400, area: 'http', summary: 'A path that cannot name a stored file.' },
  route_not_found: { status: 404, area: 'http', summary: 'No route has this method and path.' },
  not_found: { status: 404, area: 'http', summary: 'The stored file does not exist.' },
  body_too_large: { status: 413, area: 'http', summary: 'The body is larger than the route takes.' },
  unsupported_media_type: { status: 415, area: 'http', summary: 'The route does not take this Content-Type.' },
  range_not_satisfiable: { status: 416, area: 'http', summary: 'The byte range lies outside the file.' },
  rate_limited: { status: 429, area: 'http', summary: 'Too many requests; `Retry-After` says when to try again.' },
  internal_error: { status: 500, area: 'http', summary: 'An unexpected failure, logged with the request id.' },
  upstream_failed: { status: 502, area: 'http', summary: 'The module behind the gateway answered badly.' },
  upstream_unavailable: { status: 503, area: 'http', summary: 'The module behind the gateway is not answering.' },
  upstream_timeout: { status: 504, area: 'http', summary: 'The module behind the gateway took too long.' },

  // Any module: the caller's identity (packages/kit/src/auth.ts).
  invalid_authorization: { status: 401, area: 'auth', summary: 'Authorization is not `Bearer <access token>`.' },
  authentication_required: { status: 401, area: 'auth', summary: 'The route needs a signed-in caller.' },
  invalid_token: { status: 401, area: 'auth', summary: 'The access token is forged, malformed or unsigned.' },
  token_expired: { status: 401, area: 'auth', summary: 'The access token has expired: refresh it.' },
  account_deleted: { status: 401, area: 'auth', summary: 'The account of this token was deleted.' },
  account_suspended: { status: 401, area: 'auth', summary: 'The account of this token is suspended.' },
  forbidden: { status: 403, area: 'auth', summary: 'The caller lacks the role this needs.' },
  auth_unavailable: { status: 503, area: 'auth', summary: 'The signing keys cannot be fetched right now.' },

  // The user module.
  weak_password: {
    status: 400,
    area: 'user',
    field: 'password',
    summary: 'Too short, the handle or email itself, or too easy to guess; `reason` says which.',
  },
  handle_reserved: { status: 400, area: 'user', field: 'handle', summary: 'A word the platform keeps back.' },
  missing_identifier: { status: 400, area: 'user', summary: 'Sign-in without an email or a handle.' },
  empty_update: { status: 400, area: 'http', summary: 'An edit (profile, stream) that changes nothing.' },
  invalid_display_name: {
    status: 400,
    area: 'user',
    field: 'displayName',
    summary:
      'A display name with nothing visible, over 60 characters, or with control or direction characters; `reason` says which.',
  },
  cannot_demote_self: { status: 400, area: 'user', summary: 'An admin removing their own admin role.' },
  cannot_follow_self: { status: 400, area: 'user', summary: 'Following your own channel.' },
  empty_image: { status: 400, area: 'user', summary: 'An empty avatar.' },
  image_type_mismatch: { status: 400, area: 'user', summary: 'Avatar bytes that are not the type sent.' },
  image_unreadable: { status: 400, area: 'user', summary: 'Avatar bytes that do not decode as an image.' },
  image_too_many_pixels: { status: 400, area: 'user', summary: 'An avatar with more pixels than the limit.' },
  oidc_failed: { status: 400, area: 'user', summary: 'The sign-in provider refused or broke the sign-in.' },
  oidc_state_invalid: { status: 400, area: 'user', summary: 'An expired or reused sign-in link.' },
  oidc_email_missing: { status: 400, area: 'user', summary: 'The sign-in provider shared no email address.' },
  invalid_credentials: { status: 401, area: 'user', summary: 'No account has this email or handle and password.' },
  invalid_refresh_token: { status: 401, area: 'user', summary: 'No session to refresh: sign in again.' },
  refresh_token_reused: {
    status: 401,
    area: 'user',
    summary: 'A refresh token used twice: the whole session family is revoked.',
  },
  user_not_found: { status: 404, area: 'user', summary: 'No account with this id.' },
  channel_not_found: { status: 404, area: 'user', summary: 'No channel with this handle.' },
  avatar_not_found: { status: 404, area: 'user', summary: 'The channel has no avatar.' },
  oidc_not_configured: { status: 404, area: 'user', summary: 'Single sign-on is not set up here.' },
  email_taken: { status: 409, area: 'user', field: 'email', summary: 'An account with this email exists.' },
  handle_taken: { status: 409, area: 'user', field: 'handle', summary: 'An account with this handle exists.' },
  image_too_large: { status: 413, area: 'user', summary: 'An avatar over the size limit.' },
  unsupported_image_type: { status: 415, area: 'user', summary: 'An avatar that is not PNG, JPEG, WebP or GIF.' },
  oidc_unavailable: { status: 503, area: 'user', summary: 'The sign-in provider cannot be reached.' },

  origin_not_allowed: {
    status: 403,
    area: 'user',
    summary: 'A cookie-authenticated change sent from a site that is not ours (`Origin`, `Sec-Fetch-Site`).',
  },

  // The video module.
  file_missing: { status: 400, area: 'video', field: 'file', summary: 'A multipart upload without a `file` part.' },
  file_empty: { status: 400, area: 'video', field: 'file', summary: 'An empty video file.' },
  malformed_multipart: { status: 400, area: 'video', summary: 'A multipart body that ends early or is malformed.' },
  upload_length_required: { status: 400, area: 'video', summary: 'A tus creation without `Upload-Length`.' },
  upload_metadata_invalid: { status: 400, area: 'video', summary: 'Malformed tus `Upload-Metadata`.' },
  tus_bad_request: { status: 400, area: 'video', summary: 'Another tus request the upload server refused.' },
  not_video_owner: { status: 403, area: 'video', summary: 'Changing a video of another channel.' },
  video_not_found: { status: 404, area: 'video', summary: 'No video with this id that the caller may see.' },
  upload_not_found: { status: 404, area: 'video', summary: 'No resumable upload with this id for the caller.' },
  media_not_found: { status: 404, area: 'video', summary: 'No such output file of the video.' },
  upload_expired: { status: 410, area: 'video', summary: 'A resumable upload abandoned for too long.' },
  upload_offset_mismatch: {
    status: 409,
    area: 'video',
    summary: 'A tus PATCH whose `Upload-Offset` is not where the upload stands.',
  },
  tus_resumable_required: { status: 412, area: 'video', summary: 'A tus request without `Tus-Resumable`.' },
  upload_too_large: { status: 413, area: 'video', field: 'file', summary: 'A video over the upload size limit.' },
  quota_exceeded: { status: 413, area: 'video', summary: "The upload does not fit in the account's quota." },
  upload_failed: { status: 500, area: 'video', summary: 'The resumable upload could not be stored; try again.' },
  unsupported_video_type: {
    status: 415,
    area: 'video',
    field: 'file',
    summary: 'A file that is not a video type or container we accept.',
  },

  // The chat module.
  blocked_term_invalid: {
    status: 400,
    area: 'chat',
    field: 'term',
    summary: 'A blocked term without letters or digits, too long, or with a `*` inside a word.',
  },
  too_many_blocked_terms: { status: 400, area: 'chat', summary: 'The channel already blocks the most terms it may.' },
  cannot_ban_broadcaster: { status: 400, area: 'chat', summary: 'The broadcaster cannot be banned or timed out.' },
  cannot_grant_broadcaster: {
    status: 400,
    area: 'chat',
    summary: 'The broadcaster already holds every right: they cannot be made a moderator or VIP.',
  },
  not_chat_moderator: {
    status: 403,
    area: 'chat',
    summary: "Only the channel's broadcaster and moderators may do this.",
  },
  not_chat_broadcaster: { status: 403, area: 'chat', summary: "Only the channel's broadcaster may do this." },
  target_is_moderator: {
    status: 403,
    area: 'chat',
    summary: "A moderator cannot act on another moderator's messages or ban them; the broadcaster can.",
  },
  chat_not_found: { status: 404, area: 'chat', summary: 'No channel has this handle, so it has no chat.' },
  chat_user_not_found: { status: 404, area: 'chat', summary: 'No account has this handle.' },
  chat_message_not_found: { status: 404, area: 'chat', summary: "No message with this id is in the channel's chat." },
  blocked_term_not_found: { status: 404, area: 'chat', summary: 'The channel blocks no term with this id.' },
  blocked_term_exists: { status: 409, area: 'chat', field: 'term', summary: 'The channel already blocks this term.' },

  // The live module.
  stream_not_found: { status: 404, area: 'live', summary: 'No such stream, or (for a heartbeat) not on air.' },
  live_media_not_found: { status: 404, area: 'live', summary: 'No such playlist, segment or part of a stream.' },
  live_request_invalid: {
    status: 400,
    area: 'live',
    summary: 'A blocking playlist request out of range (`_HLS_msn`, `_HLS_part`, `_HLS_skip`).',
  },
  live_unavailable: {
    status: 503,
    area: 'live',
    summary: 'What a blocking request waited for did not come in time, or the stream has no media yet; retry.',
  },
  // The analytics module.
  invalid_beacon: {
    status: 400,
    area: 'analytics',
    summary:
      'A beacon batch that cannot be true (a heartbeat running backwards, not one of `videoId` and `streamId`, a session of another video); nothing in it counts.',
  },
  invalid_range: {
    status: 400,
    area: 'analytics',
    summary: 'A report range whose `from` is not before `to`, or longer than 366 days.',
  },
  not_analytics_owner: {
    status: 403,
    area: 'analytics',
    summary: "Only the channel's owner and admins may read its analytics.",
  },
  analytics_target_not_found: {
    status: 404,
    area: 'analytics',
    summary: 'Analytics knows no video, stream or channel by this id or handle.',
  },

  // The notification module.
  bell_channel_not_found: {
    status: 404,
    area: 'notification',
    field: 'channels',
    summary: 'A bell set for a channel id that no channel has.',
  },
  unsubscribe_link_invalid: {
    status: 400,
    area: 'notification',
    summary: 'An unsubscribe link that was altered or never made here.',
  },

  // GraphQL at the gateway (`/api/graphql`): in `errors[].extensions.code`, beside the modules' own codes.
  graphql_invalid: {
    status: 400,
    area: 'graphql',
    summary:
      'A query that does not parse, does not fit the schema, or whose variables do not fit; the message says where.',
  },
  query_too_deep: {
    status: 400,
    area: 'graphql',
    summary: 'A query nesting fields deeper than allowed (`GRAPHQL_MAX_DEPTH`); nothing of it ran.',
  },
  query_too_costly: {
    status: 400,
    area: 'graphql',
    summary: 'A query that may resolve more objects than allowed (`GRAPHQL_MAX_COST`); nothing of it ran.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCatalog = typeof errorCatalog;
export type ErrorCode = keyof ErrorCatalog;
/** The status a code is answered with. */
export type ErrorStatus<C extends ErrorCode = ErrorCode> = ErrorCatalog[C]['status'];
/** The codes answered with `status`, e.g. `CodeWithStatus<404>`. */
export type CodeWithStatus<S extends number> = {
  [C in ErrorCode]: ErrorCatalog[C]['status'] extends S ? C : never;
}[ErrorCode];

export const errorCodes = Object.keys(errorCatalog) as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCatalog, value);
}

/** The catalog's entry for a code, or undefined for a code this build does not know (a newer server's). */
export function errorSpec(code: string): ErrorSpec | undefined {
  return isErrorCode(code) ? errorCatalog[code] : undefined;
}
