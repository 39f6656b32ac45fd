import { useI18n } from '../i18n/use-t.ts';
import type { Locale } from '../i18n/i18n-context.tsx';

const LOCALES: { id: Locale; short: string; name: string }[] = [
  { id: 'vi', short: 'VI', name: 'Tiếng Việt' },
  { id: 'en', short: 'EN', name: 'English' },
];

/** Each button names its language in that language, so it can be found by someone who reads only one. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('topbar.language')}>
      {LOCALES.map((l) => (
        <button
          key={l.id}
          type="button"
          lang={l.id}
          className={locale === l.id ? 'is-active' : undefined}
          aria-pressed={locale === l.id}
          title={l.name}
          onClick={() => setLocale(l.id)}
          data-testid={`lang-${l.id}`}
        >
          {l.short}
        </button>
      ))}
    </div>
  );
}
