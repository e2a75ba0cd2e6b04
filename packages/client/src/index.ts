export type {
  AnalyticsPoint,
  AnalyticsRange,
  AuthProviders,
  BeaconAccepted,
  BeaconBatch,
  BeaconEvent,
  BlockedTerm,
  Channel,
  ChannelAnalytics,
  ChannelListQuery,
  ChannelLive,
  ChannelPage,
  ChatBadge,
  ChatBan,
  ChatBanBody,
  ChatErrorCode,
  ChatLogEntry,
  ChatModerationAction,
  ChatRole,
  ChatRoleGrant,
  ChatRoom,
  ChatSettings,
  ChatSettingsPatch,
  ChatUser,
  FollowResult,
  IngestStats,
  LiveNowPage,
  LivePlayback,
  LiveSetup,
  LoginBody,
  QoeReport,
  RegisterBody,
  Rendition,
  RetentionCurve,
  StreamAnalytics,
  StreamEndReason,
  StreamNotice,
  StreamSession,
  StreamUpdate,
  Topic,
  TopicMessage,
  UpdateLiveBody,
  UpdateMeBody,
  UpdateVideoBody,
  User,
  UserNotice,
  Video,
  VideoAnalytics,
  VideoListQuery,
  VideoNotice,
  VideoPage,
  VideoProcessing,
  VideoStatus,
  Visibility,
} from '@framecast/contracts';
// The rules and error codes the server applies too, for the remotes' forms (one copy, in the contracts).
export {
  type ErrorCode,
  type ErrorSpec,
  errorCatalog,
  errorSpec,
  isErrorCode,
} from '@framecast/contracts/errors';
export * from '@framecast/contracts/rules';
export {
  avatarProblem,
  type FieldErrors,
  loginBody,
  type ProfileField,
  type SignUpField,
  validateProfile,
  validateSignUp,
} from './account.rules.js';
export {
  ApiError,
  type ClientErrorCode,
  errorFromProblem,
  errorMessage,
  fieldOfError,
  isApiError,
} from './api-error.js';
export type { ChatGrantKind, ChatLogPage } from './chat.api.js';
export { type ChatRoomConnection, type ChatSendResult, chatSocketUrl } from './chat.client.js';
export {
  CHAT_MAX_SHOWN,
  type ChatClientProblemCode,
  type ChatCooldown,
  type ChatFailure,
  type ChatLine,
  type ChatProblem,
  type ChatRestriction,
  type ChatState,
  type ChatStatus,
  chatWaitMs,
  compareChatIds,
  type PendingLine,
} from './chat.state.js';
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
export { returnToFrom, signInPath } from './return-to.js';
export type { Session, SessionStore } from './session.store.js';
