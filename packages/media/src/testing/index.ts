export { type ClipSpec, keyframeTimes, makeAudioOnly, makeClip, videoFacts } from './clips.js';
