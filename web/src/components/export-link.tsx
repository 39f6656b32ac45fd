import { apiUrl } from '../api/api-client.ts';
import { useT } from '../i18n/use-t.ts';

/** Downloads a registry as a spreadsheet: a plain link, so the browser handles the file and auth cookie. */
export function ExportLink({ path }: { path: string }) {
  const t = useT();
  return (
    <a className="btn" href={apiUrl(path, { format: 'xlsx' })} download>
      {t('common.exportXlsx')}
    </a>
  );
}
