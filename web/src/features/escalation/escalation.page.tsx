import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { EscalationPolicy, PolicyInput, RoutingRule, RuleInput } from '../../api/alert-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Empty, Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { canEditEscalation, useEscalationRefs } from './escalation-refs.ts';
import { stepText } from './escalation-labels.ts';
import { PolicyForm } from './policy-form.tsx';
import { RuleForm } from './rule-form.tsx';
import { RulesTable } from './rules-table.tsx';
import './escalation.css';

type Deleting = { kind: 'policy'; item: EscalationPolicy } | { kind: 'rule'; item: RoutingRule };

/** Who is told about what: the escalation policies, and the routing rules that pick one for each alert. */
export function EscalationPage() {
  const t = useT();
  const user = useUser();
  const editable = canEditEscalation(user.role);
  const policies = useAsync((signal) => api.get<{ items: EscalationPolicy[] }>('/escalation-policies', undefined, signal), 'escalation-policies');
  const rules = useAsync((signal) => api.get<{ items: RoutingRule[] }>('/routing-rules', undefined, signal), 'routing-rules');
  const refs = useEscalationRefs();
  const [policyEdit, setPolicyEdit] = useState<EscalationPolicy | 'new' | null>(null);
  const [ruleEdit, setRuleEdit] = useState<RoutingRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const policyList = policies.data?.items ?? [];

  const savePolicy = async (input: PolicyInput) => {
    if (policyEdit === 'new') await api.post('/escalation-policies', input);
    else if (policyEdit) await api.patch(`/escalation-policies/${policyEdit.id}`, input);
    setPolicyEdit(null);
    policies.reload();
  };
  const saveRule = async (input: RuleInput) => {
    if (ruleEdit === 'new') await api.post('/routing-rules', input);
    else if (ruleEdit) await api.patch(`/routing-rules/${ruleEdit.id}`, input);
    setRuleEdit(null);
    rules.reload();
  };
  const remove = async () => {
    if (!deleting) return;
    await api.del(deleting.kind === 'policy' ? `/escalation-policies/${deleting.item.id}` : `/routing-rules/${deleting.item.id}`);
    setDeleting(null);
    (deleting.kind === 'policy' ? policies : rules).reload();
  };

  return (
    <section>
      <PageHeader title={t('esc.title')} subtitle={t('esc.subtitle')} />
      {!editable && <p className="alert alert--info">{t('esc.readOnly')}</p>}

      <SectionTitle
        title={t('esc.rules')}
        actions={
          editable && (
            <button type="button" className="btn btn--primary" onClick={() => setRuleEdit('new')} data-testid="rule-create">
              + {t('esc.rule.create')}
            </button>
          )
        }
      />
      <p className="muted small">{t('esc.rulesHint')}</p>
      <RulesTable rules={rules} policies={policyList} editable={editable} onEdit={setRuleEdit} onDelete={(item) => setDeleting({ kind: 'rule', item })} />

      <SectionTitle
        title={t('esc.policies')}
        actions={
          editable && (
            <button type="button" className="btn btn--primary" onClick={() => setPolicyEdit('new')} data-testid="policy-create">
              + {t('esc.policy.create')}
            </button>
          )
        }
      />
      <ErrorBanner error={policies.error ?? refs.error} />
      {policies.loading && !policies.data ? (
        <Loading />
      ) : policyList.length === 0 ? (
        <div className="card">
          <Empty text={t('esc.policy.none')} />
        </div>
      ) : (
        <div className="esc-policies">
          {policyList.map((p) => (
            <article key={p.id} className="card esc-policy" data-testid="policy-card" data-name={p.name}>
              <header className="esc-policy__head">
                <h3>{p.name}</h3>
                {editable && (
                  <span className="esc-policy__buttons">
                    <button type="button" className="btn btn--small" onClick={() => setPolicyEdit(p)} data-testid="policy-edit">
                      {t('common.edit')}
                    </button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting({ kind: 'policy', item: p })} data-testid="policy-delete">
                      {t('common.delete')}
                    </button>
                  </span>
                )}
              </header>
              {p.description && <p className="muted">{p.description}</p>}
              <ol className="esc-policy__steps">
                {p.steps.map((s, i) => (
                  <li key={i} className={s.type === 'wait' ? 'esc-policy__wait' : undefined}>
                    {stepText(t, s, refs.data)}
                  </li>
                ))}
              </ol>
              <p className="small">{p.repeat > 0 ? t('esc.policy.repeats', { n: p.repeat }) : t('esc.policy.noRepeat')}</p>
            </article>
          ))}
        </div>
      )}

      {policyEdit && (
        <Dialog title={policyEdit === 'new' ? t('esc.policy.create') : t('esc.policy.edit')} onClose={() => setPolicyEdit(null)} wide testId="policy-dialog">
          <PolicyForm policy={policyEdit === 'new' ? undefined : policyEdit} refs={refs.data} onSubmit={savePolicy} onCancel={() => setPolicyEdit(null)} />
        </Dialog>
      )}
      {ruleEdit && (
        <Dialog title={ruleEdit === 'new' ? t('esc.rule.create') : t('esc.rule.edit')} onClose={() => setRuleEdit(null)} wide testId="rule-dialog">
          <RuleForm rule={ruleEdit === 'new' ? undefined : ruleEdit} policies={policyList} onSubmit={saveRule} onCancel={() => setRuleEdit(null)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={deleting.kind === 'policy' ? t('esc.policy.deleteTitle') : t('esc.rule.deleteTitle')}
          message={t('esc.deleteConfirm', { name: deleting.item.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
