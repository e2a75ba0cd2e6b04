export { mutated, onlyErrorsOf } from './fuzz.js';
export {
  childProcesses,
  FFMPEG,
  FFPROBE,
  type Finished,
  flvFileTags,
  ProcessGroup,
  publisherArgs,
} from './processes.js';
export { PublisherScript, type ServerCommand } from './publisher.script.js';
export { AAC_SEQUENCE_HEADER, AVC_SEQUENCE_HEADER, aacFrame, avcFrame, hevcSequenceStart } from './sample.media.js';
export { TestPublisher, type TestPublisherOptions } from './test.publisher.js';
