// The bottom strip: is Ollama reachable and are the models there, the vector index, and the
// indexer's backlog or current job, and the way to the Monitoring view.
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../../shared/contract';
import { viewHref } from '../lib/route';
import { localErrorText, toUiError } from '../lib/errors';
import { plainText } from './CodeText';
import { chromaLabel, indexingLabel } from '../lib/status';

export function StatusStrip({ status, error }: { status: AppStatus | null; error: string | null }) {
  const { t } = useTranslation();
  if (!status) {
    return (
      <footer className="status-strip" aria-label={t('status.label')}>
        <span>{error ? t('status.unavailable', { error }) : t('common.connecting')}</span>
      </footer>
    );
  }
  const { ollama, chroma, indexing } = status;
  const job = indexing.job;
  return (
    <footer className="status-strip" aria-label={t('status.label')} data-testid="status-strip">
      <span className={`dot ${ollama.reachable ? 'ok' : 'bad'}`}>
        {ollama.reachable
          ? t('status.ollamaReachable', { version: ollama.version ?? '' })
          : t('status.ollamaUnreachable')}
      </span>
      {ollama.reachable && <ModelsLabel status={status} />}
      <span className={`dot ${chroma.state === 'ready' ? 'ok' : 'warn'}`}>{chromaLabel(chroma.state)}</span>
      <span
        className={`dot ${indexing.lastError ? 'warn' : 'ok'}`}
        title={indexing.lastError ? plainText(localErrorText(toUiError(indexing.lastError))) : undefined}
      >
        {indexingLabel(indexing)}
        {job && <progress max={job.total} value={job.done} aria-label={t('status.reindexProgress')} />}
      </span>
      <a className="status-link" href={viewHref('monitoring')}>
        {t('nav.monitoring')}
      </a>
    </footer>
  );
}

/** The longest item: in a narrow window it is cut short (one line, never wrapping) and the full text is its tooltip. */
function ModelsLabel({ status }: { status: AppStatus }) {
  const { t } = useTranslation();
  const { ollama } = status;
  const model = (name: string, installed: boolean) =>
    t(installed ? 'status.modelInstalled' : 'status.modelMissing', { model: name });
  const text = `${model(status.chatModel, ollama.chatModelInstalled)} · ${model(status.embeddingModel, ollama.embeddingModelInstalled)}`;
  return (
    <span className={`dot ${ollama.chatModelInstalled && ollama.embeddingModelInstalled ? 'ok' : 'warn'}`} title={text}>
      {text}
    </span>
  );
}
