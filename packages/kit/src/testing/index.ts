export {
  eventually,
  metricValue,
  startTestRuntime,
  type TestClock,
  type TestRuntime,
  testClock,
} from './test-runtime.js';
