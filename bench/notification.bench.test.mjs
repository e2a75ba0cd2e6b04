// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOTIFICATION_SETTINGS, QUICK_SETTINGS, taggedLine } from './notification.bench.mjs';
import { notificationRows, renderNotification } from './notification.report.mjs';

describe('the server line', () => {
  it('is found by its tag among log lines, and parsed', () => {
    const output = '{"level":40}\nceiling {"ms":12.5,"rows":3}\nresult {"storedMs":40}\n';
    assert.deepEqual(taggedLine(output, 'ceiling'), { ms: 12.5, rows: 3 });
    assert.deepEqual(taggedLine(output, 'result'), { storedMs: 40 });
    assert.equal(taggedLine(output, 'ready'), undefined);
  });
});

describe('the report', () => {
  const results = {
    settings: QUICK_SETTINGS,
    facts: {},
    runs: [
      {
        mode: 'embedded',
        rows: 5000,
        storedMs: 2000,
        firstMailMs: 400,
        loopMaxMs: 60,
        ceilingMs: 500,
      },
    ],
  };

  it('sets the fan-out against one INSERT … SELECT of the same rows', () => {
    const [row] = notificationRows(results);
    assert.equal(row.perSecond, 2500);
    assert.equal(row.ofCeiling, 0.25);
  });

  it('names the channel size, and says a quick pass is not a measurement', () => {
    const body = renderNotification(results);
    assert.match(body, /a channel with 5,000 followers goes live/);
    assert.match(body, /quick validation pass/);
    assert.match(body, /\| 0\.25× \|/);
    assert.equal(NOTIFICATION_SETTINGS.followers, 100_000);
  });
});
