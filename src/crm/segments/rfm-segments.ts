/**
 * The eight RFM segments. The rule: each of R, F and M is "high" when its quintile score is ≥ 3
 * (the customer is in the upper three fifths of the tenant), else "low"; money decides 重要 / 一般,
 * then recency and frequency name the segment:
 *
 * | R | F | M high → | M low → |
 * |---|---|---|---|
 * | high | high | 重要价值 | 一般价值 |
 * | high | low  | 重要发展 | 一般发展 |
 * | low  | high | 重要保持 | 一般保持 |
 * | low  | low  | 重要挽留 | 一般挽留 |
 */
export const RFM_SEGMENTS = ['重要价值', '重要发展', '重要保持', '重要挽留', '一般价值', '一般发展', '一般保持', '一般挽留'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The segments a manager must not lose: high monetary value. */
export const IMPORTANT_SEGMENTS: readonly RfmSegment[] = ['重要价值', '重要发展', '重要保持', '重要挽留'];

/** A score of 3 or more counts as high. */
export const HIGH_SCORE = 3;

export function segmentOf(r: number, f: number, m: number): RfmSegment {
  const rh = r >= HIGH_SCORE;
  const fh = f >= HIGH_SCORE;
  const word = rh ? (fh ? '价值' : '发展') : fh ? '保持' : '挽留';
  return `${m >= HIGH_SCORE ? '重要' : '一般'}${word}` as RfmSegment;
}
