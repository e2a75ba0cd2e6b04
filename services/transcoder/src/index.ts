export { CRASH_REASON, type TranscodeJob } from './transcode.job.js';
export {
  createTranscoderModule,
  TRANSCODER_SCHEMA,
  type TranscoderOptions,
  transcoderModule,
} from './transcoder.module.js';
