export type {
  AuthProviders,
  Channel,
  ChannelListQuery,
  ChannelPage,
  FollowResult,
  LoginBody,
  RegisterBody,
  Rendition,
  Topic,
  TopicMessage,
  UpdateMeBody,
  UpdateVideoBody,
  User,
  UserNotice,
  Video,
  VideoListQuery,
  VideoPage,
  VideoProcessing,
  VideoStatus,
  Visibility,
} from '@framecast/contracts';
export {
  AVATAR_MAX_BYTES,
  AVATAR_TYPES,
  avatarProblem,
  BIO_MAX_LENGTH,
  DISPLAY_NAME_MAX_LENGTH,
  errorMessage,
  type FieldErrors,
  fieldOfError,
  HANDLE_PATTERN,
  loginBody,
  PASSWORD_MIN_LENGTH,
  type ProfileField,
  type SignUpField,
  validateProfile,
  validateSignUp,
} from './account.rules.js';
export { ApiError, errorFromProblem, isApiError } from './api-error.js';
export {
  type ChannelSort,
  type ClientOptions,
  createClient,
  type FramecastClient,
  type VideoSort,
  type VideoUploadFields,
} from './client.js';
export { withFollowing } from './follow.js';
export {
  mapPageItems,
  nextCursorOf,
  type Page,
  type Pages,
  pageItems,
  removePageItem,
  replacePageItem,
} from './paging.js';
export { queryKeys, type Viewer } from './query-keys.js';
export type { Realtime, RealtimeSocket, TopicHandlers, WebSocketConstructor } from './realtime.client.js';
export type { RemoteProps } from './remote-props.js';
export { returnToFrom, safeReturnTo, signInPath } from './return-to.js';
export type { Session, SessionStore } from './session.store.js';
