// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { format, markdownTable, replaceSection } from './report.mjs';

describe('replaceSection', () => {
  it('appends a section the document does not have yet', () => {
    const doc = replaceSection('# Benchmarks\n', 'gateway', 'numbers');
    assert.equal(doc, '# Benchmarks\n\n<!-- bench:gateway -->\nnumbers\n<!-- /bench:gateway -->\n');
  });

  it('replaces only its own section and keeps the others', () => {
    let doc = replaceSection('# Benchmarks\n', 'gateway', 'old gateway');
    doc = replaceSection(doc, 'transcode', 'transcode numbers');
    doc = replaceSection(doc, 'gateway', 'new gateway');
    assert.match(doc, /<!-- bench:gateway -->\nnew gateway\n<!-- \/bench:gateway -->/);
    assert.match(doc, /transcode numbers/);
    assert.doesNotMatch(doc, /old gateway/);
    assert.ok(doc.indexOf('bench:gateway') < doc.indexOf('bench:transcode'), 'sections keep their order');
  });

  it('refuses a document whose markers are broken rather than guessing', () => {
    assert.throws(() => replaceSection('<!-- bench:gateway -->\nno end', 'gateway', 'x'), /broken "gateway"/);
  });
});

describe('markdownTable', () => {
  it('aligns numeric columns right', () => {
    const table = markdownTable([{ title: 'path' }, { title: 'requests/s', right: true }], [['(a)', '1,000']]);
    assert.equal(table, '| path | requests/s |\n| --- | ---: |\n| (a) | 1,000 |');
  });
});

describe('format', () => {
  it('keeps three significant figures or so', () => {
    assert.equal(format.ms(0.0567), '0.06');
    assert.equal(format.ms(12.345), '12.3');
    assert.equal(format.ms(123.4), '123');
    assert.equal(format.signedMs(-1.5), '−1.50');
    assert.equal(format.signedMs(-0.001), '0.00');
    assert.equal(format.ratio(0.5), '0.50×');
  });
});
