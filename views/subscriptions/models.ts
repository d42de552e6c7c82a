// What the subscription pages show.
import type { FieldErrors } from '../shared/kit.tsx';

export interface SubscribeFormView {
  slug: string;
  title: string;
  values: { email: string; consent: boolean };
  errors: FieldErrors;
  retentionDays: number;
}

/** Every page after the form: where the person stands, and the one button that changes it. */
export type SubscriptionStepView =
  | { step: 'sent'; slug: string; title: string; email: string }
  | { step: 'confirm'; slug: string; title: string; email: string; token: string }
  | { step: 'confirmed'; slug: string; title: string; unsubscribeHref: string }
  | { step: 'unsubscribe'; slug: string; title: string; email: string; token: string }
  | { step: 'unsubscribed' }
  | { step: 'invalid' }
  | { step: 'expired'; days: number };
