/** One numeric answer as analysis sees it. */
export interface ScoredAnswer {
  type: 'scale5' | 'nps';
  weight: number;
  value: number;
}

export interface SatisfactionFigures {
  /** Weighted mean of the 1–5 answers (Σ weight·value / Σ weight), 2 decimals; null without any. */
  average: number | null;
  scaleAnswers: number;
  /** % promoters (9–10) − % detractors (0–6) of the NPS answers, 1 decimal; null without any. */
  nps: number | null;
  npsAnswers: number;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** The two numbers every satisfaction table shows, from any set of answers. */
export function satisfactionFigures(answers: readonly ScoredAnswer[]): SatisfactionFigures {
  let weighted = 0;
  let weights = 0;
  let scaleAnswers = 0;
  let promoters = 0;
  let detractors = 0;
  let npsAnswers = 0;
  for (const a of answers) {
    if (a.type === 'scale5') {
      weighted += a.weight * a.value;
      weights += a.weight;
      scaleAnswers += 1;
    } else {
      npsAnswers += 1;
      if (a.value >= 9) promoters += 1;
      else if (a.value <= 6) detractors += 1;
    }
  }
  return {
    average: weights > 0 ? round(weighted / weights, 2) : null,
    scaleAnswers,
    nps: npsAnswers > 0 ? round(((promoters - detractors) / npsAnswers) * 100, 1) : null,
    npsAnswers,
  };
}
