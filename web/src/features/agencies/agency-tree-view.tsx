import { Link } from 'react-router-dom';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import type { AgencyNode } from './agency-tree.ts';

interface Props {
  roots: readonly AgencyNode[];
  expanded: ReadonlySet<string>;
  onToggle(id: string): void;
  /** When searching: only these ids are shown, all expanded. */
  visible: ReadonlySet<string> | null;
}

/**
 * The hierarchy as nested lists with disclosure buttons: each level is a real list so
 * assistive technology announces nesting, and the whole row stays a plain link to the agency.
 */
export function AgencyTreeView({ roots, expanded, onToggle, visible }: Props) {
  return (
    <ul className="tree" data-testid="agency-tree">
      {roots.map((n) => (
        <TreeItem key={n.agency.id} node={n} expanded={expanded} onToggle={onToggle} visible={visible} />
      ))}
    </ul>
  );
}

function TreeItem({ node, expanded, onToggle, visible }: { node: AgencyNode } & Omit<Props, 'roots'>) {
  const t = useT();
  const { agency } = node;
  if (visible && !visible.has(agency.id)) return null;
  const children = visible ? node.children.filter((c) => visible.has(c.agency.id)) : node.children;
  const open = visible !== null || expanded.has(agency.id);
  const kindKey = `kind.${agency.kind}` as MessageKey;
  return (
    <li className="tree__item" data-testid="agency-tree-item" data-code={agency.code}>
      <div className="tree__row">
        {children.length > 0 ? (
          <button
            type="button"
            className="tree__toggle"
            aria-expanded={open}
            aria-label={t(open ? 'agency.collapse' : 'agency.expand', { name: agency.name })}
            onClick={() => onToggle(agency.id)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="tree__toggle tree__toggle--leaf" aria-hidden="true">
            •
          </span>
        )}
        <div className="tree__label">
          <Link to={`/agencies/${agency.id}`} className="tree__name">
            {agency.name}
          </Link>
          <span className="tree__meta">
            <code className="tree__code">{agency.code}</code>
            <span className="tree__kind">{t(kindKey)}</span>
            {node.children.length > 0 && <span className="tree__count">{t('agency.subCount', { n: node.children.length })}</span>}
          </span>
        </div>
      </div>
      {open && children.length > 0 && (
        <ul className="tree__children">
          {children.map((c) => (
            <TreeItem key={c.agency.id} node={c} expanded={expanded} onToggle={onToggle} visible={visible} />
          ))}
        </ul>
      )}
    </li>
  );
}
