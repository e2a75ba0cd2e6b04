export { type Fragment, isSync, type Sample } from './fmp4.fragment.js';
export type { InitSegment, SampleDefaults } from './fmp4.init.js';
export { defaultReaderLimits, Fmp4Reader, type ReaderItem, type ReaderLimits } from './fmp4.reader.js';
export { renumberFragment, sliceFragment, writeFragment } from './fmp4.write.js';
export { Mp4FormatError } from './mp4.boxes.js';
