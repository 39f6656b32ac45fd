import type { ProfileDiff } from '../../api/detection-types.ts';
import { useT } from '../../i18n/use-t.ts';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

/** What changed against what the page normally looks like: blocks, title, domains. All text is escaped. */
export function ProfileDiffView({ diff }: { diff: ProfileDiff }) {
  const t = useT();
  const domains = (label: string, list: string[], cls: string, testId: string) =>
    list.length > 0 && (
      <div className="diff__domains">
        <span className="muted">{label}</span>{' '}
        <span className="tags" data-testid={testId}>
          {list.map((d) => (
            <code key={d} className={`tag ${cls}`}>
              {d}
            </code>
          ))}
        </span>
      </div>
    );
  return (
    <div className="diff" data-testid="profile-diff">
      <dl className="details">
        <dt>{t('detection.diff.textSimilarity')}</dt>
        <dd>{pct(diff.textSimilarity)}</dd>
        <dt>{t('detection.diff.structureSimilarity')}</dt>
        <dd>{pct(diff.structureSimilarity)}</dd>
        {diff.titleBefore !== diff.titleAfter && (
          <>
            <dt>{t('detection.diff.title')}</dt>
            <dd data-testid="diff-title">
              {diff.titleBefore !== null && <del className="diff__del">{diff.titleBefore}</del>} <ins className="diff__add">{diff.titleAfter}</ins>
            </dd>
          </>
        )}
      </dl>
      {domains(t('detection.diff.newLinkDomains'), diff.newLinkDomains, 'diff__add', 'diff-new-domains')}
      {domains(t('detection.diff.newScriptDomains'), diff.newScriptDomains, 'diff__add', 'diff-new-scripts')}
      {domains(t('detection.diff.newIframeDomains'), diff.newIframeDomains, 'diff__add', 'diff-new-iframes')}
      {domains(t('detection.diff.missingLinkDomains'), diff.missingLinkDomains, 'diff__del', 'diff-missing-domains')}
      {(diff.addedBlocks.length > 0 || diff.removedBlocks.length > 0) && (
        <ul className="diff__blocks" data-testid="diff-blocks">
          {diff.removedBlocks.map((b, i) => (
            <li key={`r${i}`} className="diff__del">
              <span aria-hidden="true">− </span>
              <span className="visually-hidden">{t('detection.diff.removed')}: </span>
              {b}
            </li>
          ))}
          {diff.addedBlocks.map((b, i) => (
            <li key={`a${i}`} className="diff__add">
              <span aria-hidden="true">+ </span>
              <span className="visually-hidden">{t('detection.diff.added')}: </span>
              {b}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
