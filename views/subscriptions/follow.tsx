// 「关注动态」 on a consultation's page: subscribe by email (a form of its own page, since the
// consultation page is cached and carries no CSRF token) or follow its Atom feed.
import type { Translate } from '../../src/lib/i18n.ts';

export function consultationFeedHref(slug: string): string {
  return `/consultations/${encodeURIComponent(slug)}/feed.atom`;
}

export function subscribeHref(slug: string): string {
  return `/consultations/${encodeURIComponent(slug)}/subscribe`;
}

export function FollowBox(props: { t: Translate; slug: string }) {
  const { t, slug } = props;
  return (
    <section class="follow" aria-labelledby="yj-follow">
      <h2 id="yj-follow">{t('follow.title')}</h2>
      <p class="muted">{t('follow.intro')}</p>
      <ul class="follow-links">
        <li>
          <a class="button button-small" href={subscribeHref(slug)}>
            {t('follow.email')}
          </a>
        </li>
        <li>
          <a href={consultationFeedHref(slug)} type="application/atom+xml">
            {t('follow.atom')}
          </a>
        </li>
      </ul>
    </section>
  );
}
