import type { RfmCutPoints, RfmMetrics } from './rfm-quintiles.js';
import { rfmScores } from './rfm-quintiles.js';
import { segmentOf, type RfmSegment } from './rfm-segments.js';

/** What is stored on customer.rfm. */
export interface RfmRecord {
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
  recencyDays: number;
  frequency: number;
  monetary: number;
  at: Date;
}

export function rfmRecord(metrics: RfmMetrics, cutPoints: RfmCutPoints, at: Date): RfmRecord {
  const { r, f, m } = rfmScores(metrics, cutPoints);
  return { r, f, m, segment: segmentOf(r, f, m), ...metrics, at };
}
