import { showToast } from 'vant';
import { messages } from '../i18n/i18n.js';
import { describeFailure } from './describe-failure.js';

/** One line saying why an action failed (the server's reason, or a generic title). */
export function failureText(err: unknown): string {
  return describeFailure(err).reason ?? messages.value.state.error.title;
}

/** Tells the user, without leaving the screen, that an action failed and why. */
export function toastFailure(err: unknown): void {
  showToast(failureText(err));
}
