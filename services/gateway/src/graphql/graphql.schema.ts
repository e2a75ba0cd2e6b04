/**
 * The GraphQL schema served at `/api/graphql` (its SDL at `/api/graphql/schema.graphql`). Every type is read through
 * the modules' own HTTP APIs, with the caller's token, so each module's access rules apply: what a route would not
 * show the caller, a field does not either (null, or left out of a connection).
 */
export const typeDefs = /* GraphQL */ `
"""
Framecast's read API: channels, videos, live sessions and the owner's analytics. Lists are Relay connections, read
forward: pass \`first\` (1–50, default 20) and the \`endCursor\` of the page before as \`after\`.
"""
type Query {
  "A video, or null when there is none the caller may see (a private video of someone else, an unfinished upload)."
  video(id: ID!): Video
  "Public videos that are ready, newest or most viewed first."
  videos(first: Int = 20, after: String, sort: VideoSort = NEW): VideoConnection!
  "The signed-in caller's videos in every state, newest first. Needs a signed-in caller."
  myVideos(first: Int = 20, after: String): VideoConnection!
  "A channel by its handle, or null when there is none."
  channel(handle: String!): Channel
  "Channels, newest or most followed first."
  channels(first: Int = 20, after: String, sort: ChannelSort = NEW): ChannelConnection!
  "A live stream, on air or ended, or null when there is none."
  liveSession(id: ID!): LiveSession
  "Streams on air now, most watched first."
  liveNow(first: Int = 20, after: String): LiveSessionConnection!
  "The signed-in caller's own channel (its \`videos\` are all of them); null when signed out."
  viewer: Channel
}

enum VideoSort {
  NEW
  POPULAR
}

enum ChannelSort {
  NEW
  POPULAR
}

enum Visibility {
  PUBLIC
  UNLISTED
  PRIVATE
}

enum VideoStatus {
  UPLOADING
  PROCESSING
  READY
  FAILED
}

"Relay's page information. Lists are read forward only, so \`hasPreviousPage\` is always false."
type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

type Video {
  id: ID!
  title: String!
  description: String!
  tags: [String!]!
  category: String
  language: String
  visibility: Visibility!
  status: VideoStatus!
  "\`upload\`, or \`live\` for the replay of a stream."
  source: String!
  "0–100 while processing."
  progress: Int!
  failureReason: String
  "Seconds."
  duration: Float
  width: Int
  height: Int
  "Views counted so far."
  viewCount: Int!
  "ISO 8601."
  createdAt: String!
  "ISO 8601; set once the whole ladder is ready."
  publishedAt: String
  "URLs the caller may play, signed when the video is not public; null until its first renditions play."
  playback: VideoPlayback
  "The channel that uploaded it; null if it no longer exists."
  channel: Channel
  """
  The video's audience figures over [from, to) (ISO 8601; the analytics module's defaults when left out): its owner's
  and admins' only. Null where analytics is not served, or for anyone else (with an error saying why).
  """
  analytics(from: String, to: String): VideoAnalytics
}

type VideoPlayback {
  hls: String!
  dash: String!
  poster: String!
  "The poster at most 480 pixels wide, for grids of videos."
  thumbnail: String!
  "WebVTT index of the storyboard sprite."
  storyboard: String
  "When signed URLs stop working (ISO 8601); null for a public video."
  expiresAt: String
}

"What the analytics module counts for one video."
type VideoAnalytics {
  views: Int
  uniqueViewers: Int
  watchTimeSeconds: Float
  averageViewDurationSeconds: Float
}

type VideoEdge {
  cursor: String!
  node: Video!
}

type VideoConnection {
  edges: [VideoEdge!]!
  pageInfo: PageInfo!
}

type Channel {
  id: ID!
  handle: String!
  displayName: String!
  bio: String!
  avatarUrl: String
  followerCount: Int!
  followingCount: Int!
  "Whether the caller follows it; null when signed out."
  following: Boolean
  "ISO 8601."
  createdAt: String!
  "Its videos: public and ready ones for others, every one for its owner."
  videos(first: Int = 20, after: String, sort: VideoSort = NEW): VideoConnection!
  "Its stream: on air or not, with the current or last session."
  live: ChannelLive!
}

type ChannelEdge {
  cursor: String!
  node: Channel!
}

type ChannelConnection {
  edges: [ChannelEdge!]!
  pageInfo: PageInfo!
}

type ChannelLive {
  live: Boolean!
  "The session on air, else the last one (null if the channel never streamed)."
  session: LiveSession
  "LL-HLS playlist while on air."
  hls: String
  "Low-latency DASH manifest while on air."
  dash: String
}

type LiveSession {
  id: ID!
  title: String!
  category: String
  "ISO 8601."
  startedAt: String!
  "ISO 8601; null while on air."
  endedAt: String
  "\`publisher_left\`, \`key_rotated\`, \`ingest_failed\`, \`shutdown\` or \`account_deleted\`; null while on air."
  endReason: String
  viewers: Int!
  peakViewers: Int!
  channel: Channel
  "The video made of the stream's recording, once there is one the caller may see."
  replay: Video
}

type LiveSessionEdge {
  cursor: String!
  node: LiveSession!
}

type LiveSessionConnection {
  edges: [LiveSessionEdge!]!
  pageInfo: PageInfo!
}
`;
