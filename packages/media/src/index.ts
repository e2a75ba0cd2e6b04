export {
  type DashManifest,
  type ManifestRepresentation,
  parseDashManifest,
  parseIsoDuration,
} from './dash.manifest.js';
export { buildThumbnailArgs, buildTranscodeArgs, cascadeFilter, RUN_MANIFEST, thumbnailSize } from './ffmpeg.args.js';
export { type FfmpegLookup, type FfmpegPaths, ffmpegSettingsSchema, findFfmpeg } from './ffmpeg.find.js';
export { type FfmpegProcess, startFfmpeg } from './ffmpeg.process.js';
export { FfmpegRunError, type RunOptions, type RunResult, runFfmpeg } from './ffmpeg.run.js';
export { dashManifest, hlsMaster, type PackagedRendition, packagedRenditions } from './ladder.manifests.js';
export {
  defaultLadderPolicy,
  type LadderPlan,
  type LadderPolicy,
  type LadderRun,
  planLadder,
  planRuns,
  type Rung,
  type VideoRendition,
} from './ladder.plan.js';
export { buildLiveArgs, type LiveMux, type LiveOutput, liveOutputFds } from './live.args.js';
export {
  LIVE_AUDIO_BITRATE,
  LIVE_RUNG_HEIGHTS,
  type LivePlan,
  type LiveRung,
  type LiveSource,
  MAX_PASSTHROUGH_KEYFRAME_SECONDS,
  planLiveLadder,
} from './live.ladder.js';
export { contentTypeOf, mediaLayout, segmentNames } from './media.layout.js';
export { type ProbeOptions, type ProbeResult, type ProbeStream, parseProbeJson, parseRate, probe } from './probe.js';
export {
  defaultMediaLimits,
  type MediaLimits,
  type SourceInfo,
  type Validation,
  validateProbe,
} from './probe.validate.js';
export { parseProgress } from './progress.parse.js';
export { type RemuxDone, type RemuxRequest, remux } from './remux.pipeline.js';
export {
  buildRemuxArgs,
  type ProbedInput,
  planRemux,
  RECORDING_DAMAGED,
  REMUX_SEGMENT_SECONDS,
  type RemuxInput,
  type RemuxPlan,
} from './remux.plan.js';
export { planStoryboard, type StoryboardPlan, storyboardVtt } from './storyboard.plan.js';
export {
  runShares,
  type TranscodeDone,
  type TranscodePart,
  type TranscodeRejected,
  type TranscodeRequest,
  type TranscodeStage,
  transcode,
} from './transcode.pipeline.js';
