// Find a report by the code the police read back over the phone: typed any
// way (case, spaces, dashes, look-alike letters), checked before looking.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { PlainField } from '../../lib/PlainField';
import { PrivateForm } from '../../lib/PrivateForm';
import { formatReference, parseReference } from '../../contract/referenceCode';
import type { OutboxItem } from '../../storage/db';
import { findOwnByReference } from '../../vault/filedReports';

export function ReferenceSearch({ onFound }: { onFound: (item: OutboxItem | undefined) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState('');
  const search = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseReference(query);
    if (!parsed.ok) {
      setError(t(`outbox.searchProblem.${parsed.problem}`));
      setResult('');
      onFound(undefined);
      return;
    }
    setError(undefined);
    const item = await findOwnByReference(parsed.code);
    const reference = formatReference(parsed.code);
    setResult(item ? t('outbox.searchFound', { reference }) : t('outbox.searchNone', { reference }));
    onFound(item);
  };
  const clear = () => {
    setQuery('');
    setError(undefined);
    setResult('');
    onFound(undefined);
  };
  return (
    <PrivateForm className="reference-search" role="search" noValidate onSubmit={(event) => void search(event)}>
      <PlainField
        label={t('outbox.searchLabel')}
        hint={t('outbox.searchHint')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        error={error}
        spellCheck={false}
        autoCapitalize="characters"
      />
      <div className="reference-search-actions">
        <button type="submit" className="button secondary">
          {t('outbox.search')}
        </button>
        {result ? (
          <button type="button" className="button secondary" onClick={clear}>
            {t('outbox.searchClear')}
          </button>
        ) : null}
      </div>
      <p role="status">{result}</p>
    </PrivateForm>
  );
}
