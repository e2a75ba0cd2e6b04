export { CLIP, makeReady, resultFor, upload } from './video.fixtures.js';
export { type Account, multipartBody, register, startVideoModule, type VideoHarness } from './video.harness.js';
