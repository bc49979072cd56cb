// The pin as an icon (no emoji font needed), named in words for screen readers, so a pinned
// conversation's link reads "Pinned: <title>".
import { Pin } from 'lucide-react';
import { useTranslation } from 'react-i18next';

export function PinnedMark() {
  const { t } = useTranslation();
  return (
    <>
      <Pin className="pin-icon" size={14} aria-hidden />
      <span className="visually-hidden">{t('common.pinned')}</span>
    </>
  );
}
