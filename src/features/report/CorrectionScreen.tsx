// A report the receiver sent back: opens it as a draft again, at the step of
// the first field the receiver named (the outbox only knows that it came back).
import { useEffect } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate, paths } from '../../lib/router';
import { getOwnItem, openForCorrection } from '../../sync/queue';
import { SITUATION_STEP, stepOfField } from './steps';

export function CorrectionScreen({ id }: { id: string }) {
  const { t } = useI18n();
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const item = await getOwnItem(id);
      const firstField = item?.lastError?.fields?.[0]?.path ?? '';
      const step = firstField ? stepOfField(firstField) : SITUATION_STEP;
      await openForCorrection(id, step);
      if (!cancelled) navigate(paths.report(id, step), { replace: true });
    })();
    return () => {
      cancelled = true;
    };
  }, [id]);
  return <p>{t('common.loading')}</p>;
}
