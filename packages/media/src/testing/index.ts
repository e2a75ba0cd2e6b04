export { type ClipSpec, keyframeTimes, makeAudioOnly, makeClip, videoFacts } from './clips.js';
export { type RecordingFfmpeg, recordingFfmpeg } from './ffmpeg.recorder.js';
