export {
  advancePartLimit,
  decideReload,
  type ParsedReload,
  parseReloadQuery,
  type ReloadDecision,
  type ReloadRequest,
  type ReloadState,
} from './blocking.reload.js';
export { type HoldResult, RequestWaiter } from './blocking.waiter.js';
export { DASH_PLAYBACK_RATE, type MpdInput, type MpdRendition, renderMpd } from './dash.mpd.js';
export { FRAGMENTED_MP4_FLAGS, fragmentDuration, fragmentedOutputArgs, keyframeArgs } from './ffmpeg.live.args.js';
export { type Fragment, isSync, type Sample } from './fmp4.fragment.js';
export type { InitSegment, SampleDefaults } from './fmp4.init.js';
export { defaultReaderLimits, Fmp4Reader, type ReaderItem, type ReaderLimits } from './fmp4.reader.js';
export { renumberFragment, sliceFragment, writeFragment } from './fmp4.write.js';
export { renderMultivariant } from './hls.multivariant.js';
export {
  type MediaPlaylistInput,
  type RenditionReport,
  renderLowLatencyPlaylist,
  renderPlainPlaylist,
  type TimelineView,
} from './hls.playlist.js';
export {
  defaultLiveConfig,
  type LiveConfig,
  LiveConfigError,
  type ResolvedLiveConfig,
  resolveLiveConfig,
} from './live.config.js';
export { contentTypes, type LivePath, liveLayout, parseLivePath, playlistUris } from './live.layout.js';
export {
  type InputRestart,
  type LiveEvents,
  type LiveInput,
  LivePackager,
  LivePackagerError,
  type LivePackagerOptions,
  type PartEvent,
  type RecordedRendition,
  type RenditionStats,
  type SegmentEvent,
  startLivePackager,
} from './live.packager.js';
export type { ChunkedBody, LiveErrorCode, LiveResponse } from './live.response.js';
export { SegmentCutOffError } from './live.server.js';
export {
  type Chunk,
  type Epoch,
  type ExpectedSegment,
  type FragmentTiming,
  LiveTimeline,
  type OpenSegment,
  type Part,
  type SampleTiming,
  type Segment,
  type TimelineUpdate,
} from './live.timeline.js';
export { Mp4FormatError } from './mp4.boxes.js';
export type { RecordedSegment } from './rendition.feed.js';
export type { RenditionInfo } from './rendition.info.js';
export {
  type ChunkState,
  chunkStep,
  decideSegment,
  type SegmentAnswer,
  type SegmentState,
} from './segment.request.js';
export { MemorySink } from './sink.memory.js';
export type { LiveSink } from './sink.queue.js';
