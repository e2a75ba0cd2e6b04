export { callerArgs, srtUrl } from './caller.args.js';
export { type CallerHandshake, callerConclusionPacket, callerInductionPacket } from './caller.packets.js';
export * from './ffmpeg.capture.js';
export { type ConclusionAnswer, TestCaller } from './test.caller.js';
