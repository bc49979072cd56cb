// The bottom strip: is Ollama reachable and are the models there, the vector index, and the
// indexer's backlog or current job, and the way to the Monitoring view.
import type { AppStatus } from '../../../shared/contract';
import { viewHref } from '../lib/route';
import { plainText } from './CodeText';
import { chromaLabel, indexingLabel } from '../lib/status';

export function StatusStrip({ status, error }: { status: AppStatus | null; error: string | null }) {
  if (!status) {
    return (
      <footer className="status-strip" aria-label="Status">
        <span>{error ? `Status unavailable: ${error}` : 'Connecting…'}</span>
      </footer>
    );
  }
  const { ollama, chroma, indexing } = status;
  const job = indexing.job;
  return (
    <footer className="status-strip" aria-label="Status" data-testid="status-strip">
      <span className={`dot ${ollama.reachable ? 'ok' : 'bad'}`}>
        {ollama.reachable ? `Ollama ${ollama.version ?? ''} reachable` : 'Ollama not reachable'}
      </span>
      {ollama.reachable && <ModelsLabel status={status} />}
      <span className={`dot ${chroma.state === 'ready' ? 'ok' : 'warn'}`}>{chromaLabel(chroma.state)}</span>
      <span
        className={`dot ${indexing.lastError ? 'warn' : 'ok'}`}
        title={indexing.lastError ? plainText(indexing.lastError) : undefined}
      >
        {indexingLabel(indexing)}
        {job && <progress max={job.total} value={job.done} aria-label="Re-indexing progress" />}
      </span>
      <a className="status-link" href={viewHref('monitoring')}>
        Monitoring
      </a>
    </footer>
  );
}

/** The longest item: in a narrow window it is cut short (one line, never wrapping) and the full text is its tooltip. */
function ModelsLabel({ status }: { status: AppStatus }) {
  const { ollama } = status;
  const text = `${status.chatModel} ${ollama.chatModelInstalled ? 'installed' : 'missing'} · ${status.embeddingModel} ${ollama.embeddingModelInstalled ? 'installed' : 'missing'}`;
  return (
    <span className={`dot ${ollama.chatModelInstalled && ollama.embeddingModelInstalled ? 'ok' : 'warn'}`} title={text}>
      {text}
    </span>
  );
}
