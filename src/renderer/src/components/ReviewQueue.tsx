// The Memory view's review queue: each memory the model proposed, with the message it came
// from; approve it, edit it first, or reject it. Nothing here is in any prompt until approved.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemoryProposal } from '../../../shared/domain';
import { chatHref } from '../lib/route';
import { useProposals, type ProposalEdit } from '../stores/proposals-store';

export function ReviewQueue({ onApproved }: { onApproved: () => void }) {
  const { t } = useTranslation();
  const pending = useProposals((s) => s.pending);
  const error = useProposals((s) => s.error);
  useEffect(() => {
    void useProposals.getState().load();
  }, []);
  if (pending.length === 0 && !error) return null;
  return (
    <section className="card review-queue" aria-labelledby="review-queue-title" data-testid="review-queue">
      <h2 id="review-queue-title">
        {t('review.title')} <span className="tag">{pending.length}</span>
      </h2>
      <p className="muted small">{t('review.intro')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="proposal-list">
        {pending.map((proposal) => (
          <ProposalItem key={proposal.id} proposal={proposal} onApproved={onApproved} />
        ))}
      </ul>
    </section>
  );
}

function ProposalItem({ proposal, onApproved }: { proposal: MemoryProposal; onApproved: () => void }) {
  const { t } = useTranslation();
  const { approve, reject } = useProposals.getState();
  const [editing, setEditing] = useState<ProposalEdit | null>(null);
  const short = proposal.content.length > 40 ? `${proposal.content.slice(0, 40)}…` : proposal.content;
  const approveWith = async (edit?: ProposalEdit) => {
    if (await approve(proposal, edit)) onApproved();
  };
  return (
    <li className="proposal" data-testid="proposal">
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void approveWith(editing);
          }}
        >
          <label htmlFor={`proposal-${proposal.id}`}>{t('memory.text')}</label>
          <textarea
            id={`proposal-${proposal.id}`}
            rows={2}
            maxLength={4000}
            value={editing.content}
            autoFocus
            onChange={(e) => setEditing({ ...editing, content: e.target.value })}
          />
          <div className="row wrap">
            <label className="inline">
              {t('memory.category')}
              <input
                value={editing.category}
                maxLength={40}
                onChange={(e) => setEditing({ ...editing, category: e.target.value })}
              />
            </label>
            <button type="submit" className="primary" disabled={!editing.content.trim() || !editing.category.trim()}>
              {t('review.saveApprove')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <p className="memory-content">{proposal.content}</p>
      )}
      <p className="muted small">
        {proposal.category} · {proposal.origin === 'tool' ? t('review.originTool') : t('review.originExtraction')} ·{' '}
        {t('review.from')}{' '}
        <a href={chatHref(proposal.conversationId, proposal.sourceMessageId)}>
          {proposal.conversationTitle || t('review.aChat')}
        </a>
        : “{proposal.sourceExcerpt.slice(0, 160)}
        {proposal.sourceExcerpt.length > 160 ? '…' : ''}”
      </p>
      {!editing && (
        <div className="row wrap small-buttons">
          <button
            type="button"
            className="primary"
            onClick={() => void approveWith()}
            aria-label={t('review.approveLabel', { short })}
          >
            {t('review.approve')}
          </button>
          <button
            type="button"
            onClick={() =>
              setEditing({ content: proposal.content, category: proposal.category, importance: proposal.importance })
            }
            aria-label={t('review.editLabel', { short })}
          >
            {t('memory.edit')}
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => void reject(proposal)}
            aria-label={t('review.rejectLabel', { short })}
          >
            {t('review.reject')}
          </button>
        </div>
      )}
    </li>
  );
}
