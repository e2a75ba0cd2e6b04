import type { Registry } from 'prom-client';
import { counter, histogram } from '../metrics.js';
import { type CmcdReading, queryOf, readCmcd } from './cmcd.read.js';

/** What the media routes tell of the CMCD players send with their requests. */
export interface CmcdMetrics {
  /** Reads the request URL's `CMCD` query argument, if any, into the series; a URL without one changes nothing. */
  observe(url: string): CmcdReading | null;
}

/** Media object types: the ones with a bitrate and a buffer. */
const MEDIA = new Set(['a', 'v', 'av']);

/**
 * The server's view of quality of experience, from the CMCD players attach to their media requests (query-argument
 * mode): requests by object type, streaming format and stream type, buffer starvations, and histograms of buffer
 * length, measured throughput and encoded bitrate. Labels hold only CMCD's enumerations (anything else is
 * `unknown`); session and content ids are never labels. Every module serving media shares these series.
 */
export function createCmcdMetrics(registry: Registry): CmcdMetrics {
  const requests = counter(registry, {
    name: 'framecast_cmcd_requests_total',
    help: 'Media requests carrying CMCD, by object type (ot), streaming format (sf) and stream type (st).',
    labelNames: ['ot', 'sf', 'st'],
  });
  const starvations = counter(registry, {
    name: 'framecast_cmcd_buffer_starvations_total',
    help: 'Media requests whose CMCD says the buffer ran empty since the previous one (bs), by format and stream type.',
    labelNames: ['sf', 'st'],
  });
  const bufferLength = histogram(registry, {
    name: 'framecast_cmcd_buffer_length_seconds',
    help: 'Buffer length players report (bl) when asking for media, by stream type.',
    labelNames: ['st'],
    buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120],
  });
  const throughput = histogram(registry, {
    name: 'framecast_cmcd_measured_throughput_bits_per_second',
    help: 'Throughput players measured (mtp), by stream type.',
    labelNames: ['st'],
    buckets: [250e3, 500e3, 1e6, 2e6, 4e6, 8e6, 16e6, 32e6, 64e6, 128e6],
  });
  const bitrate = histogram(registry, {
    name: 'framecast_cmcd_encoded_bitrate_bits_per_second',
    help: 'Encoded bitrate of the media objects players asked for (br), by object type and stream type.',
    labelNames: ['ot', 'st'],
    buckets: [64e3, 128e3, 250e3, 500e3, 1e6, 2e6, 4e6, 8e6, 16e6],
  });

  return {
    observe(url) {
      const cmcd = readCmcd(queryOf(url));
      if (!cmcd) return null;
      const ot = cmcd.ot ?? 'unknown';
      const sf = cmcd.sf ?? 'unknown';
      const st = cmcd.st ?? 'unknown';
      requests.inc({ ot, sf, st });
      if (cmcd.bs) starvations.inc({ sf, st });
      if (cmcd.bl !== null) bufferLength.observe({ st }, cmcd.bl / 1000);
      if (cmcd.mtp !== null) throughput.observe({ st }, cmcd.mtp * 1000);
      if (cmcd.br !== null && MEDIA.has(ot)) bitrate.observe({ ot, st }, cmcd.br * 1000);
      return cmcd;
    },
  };
}
