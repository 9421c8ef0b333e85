/**
 * Why a client's survey link cannot be used. Not a CrmError: the client sees a page, not an API
 * error, and the survey route maps each reason to its page and status (403/404/410).
 */
export type SurveyLinkRefusal = 'forged' | 'unknown' | 'expired' | 'used';

export class SurveyLinkRefused extends Error {
  constructor(readonly reason: SurveyLinkRefusal) {
    super(`survey link refused: ${reason}`);
    this.name = 'SurveyLinkRefused';
  }
}
