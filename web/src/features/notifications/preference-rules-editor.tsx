import { fieldError } from '../../api/api-error.ts';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { SEVERITIES, type ChannelBrief, type PreferenceRule } from './notification-types.ts';

interface Props {
  rules: PreferenceRule[];
  channels: ChannelBrief[];
  onRules(rules: PreferenceRule[]): void;
  error: unknown;
}

/** The user's channels in order of preference: each with its address, minimum severity and an on/off switch. */
export function PreferenceRulesEditor({ rules, channels, onRules, error }: Props) {
  const t = useT();
  const byId = new Map(channels.map((c) => [c.id, c]));
  const update = (i: number, patch: Partial<PreferenceRule>) => onRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r!);
    onRules(next);
  };
  const add = () => {
    const first = channels[0];
    if (first) onRules([...rules, { channelId: first.id, address: '', minSeverity: null, enabled: true }]);
  };

  return (
    <div data-testid="pref-rules">
      {rules.length === 0 && <p className="muted">{t('notif.pref.noRules')}</p>}
      <ol style={{ paddingLeft: '1.25rem' }}>
        {rules.map((r, i) => {
          const c = byId.get(r.channelId);
          const options = channels.map((x) => ({ value: x.id, label: `${x.name} (${t(`notif.kind.${x.kind}` as MessageKey)})` }));
          // A rule whose channel was disabled since stays visible, so the user sees why it no longer works.
          if (!c) options.push({ value: r.channelId, label: `${r.channelName ?? r.channelId} — ${t('notif.pref.channelOff')}` });
          return (
            <li key={i} className="card" data-testid="pref-rule" style={{ marginBottom: '0.75rem' }}>
              <div className="form__grid">
                <SelectField label={t('notif.pref.channel')} value={r.channelId} onValue={(v) => update(i, { channelId: v })} options={options} error={fieldError(error, `rules.${i}.channelId`)} testId="pref-rule-channel" />
                {c?.takesAddress !== false ? (
                  <TextField
                    label={t('notif.pref.address')}
                    value={r.address}
                    onValue={(v) => update(i, { address: v })}
                    hint={c ? t(`notif.pref.addressHint.${c.kind}` as MessageKey) : undefined}
                    error={fieldError(error, `rules.${i}.address`)}
                    testId="pref-rule-address"
                  />
                ) : (
                  <p className="muted small">{t('notif.pref.noAddress')}</p>
                )}
                <SelectField
                  label={t('notif.pref.minSeverity')}
                  value={r.minSeverity ?? ''}
                  onValue={(v) => update(i, { minSeverity: (v || null) as PreferenceRule['minSeverity'] })}
                  emptyLabel={t('notif.pref.anySeverity')}
                  options={SEVERITIES.map((s) => ({ value: s, label: t(`notif.severity.${s}` as MessageKey) }))}
                  testId="pref-rule-severity"
                />
                <CheckboxField label={t('notif.pref.ruleEnabled')} checked={r.enabled} onChecked={(v) => update(i, { enabled: v })} />
              </div>
              <div className="toolbar__buttons" style={{ marginTop: '0.5rem', flexWrap: 'wrap' }}>
                <button type="button" className="btn btn--small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('notif.pref.up')}>
                  ↑ {t('notif.pref.up')}
                </button>
                <button type="button" className="btn btn--small" onClick={() => move(i, 1)} disabled={i === rules.length - 1} aria-label={t('notif.pref.down')}>
                  ↓ {t('notif.pref.down')}
                </button>
                <button type="button" className="btn btn--small btn--danger" onClick={() => onRules(rules.filter((_, j) => j !== i))} data-testid="pref-rule-remove">
                  {t('notif.pref.remove')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn" onClick={add} disabled={channels.length === 0 || rules.length >= 20} data-testid="pref-rule-add">
        + {t('notif.pref.add')}
      </button>
      {channels.length === 0 && <p className="muted small">{t('notif.pref.noChannels')}</p>}
    </div>
  );
}
