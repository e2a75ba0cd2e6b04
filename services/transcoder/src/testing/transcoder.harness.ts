import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { createTranscoderModule, type TranscoderOptions } from '../transcoder.module.js';

export type TranscoderHarness = TestRuntime;

/** The transcoder module alone through the real runtime: in-memory PGlite, in-process bus, disk storage. */
export function startTranscoder(
  opts: TranscoderOptions = {},
  env: Record<string, string> = {},
): Promise<TranscoderHarness> {
  return startTestRuntime({ catalog: [createTranscoderModule(opts)], targets: ['transcoder'], env });
}
