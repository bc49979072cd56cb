// The pin as an icon (no emoji font needed), named in words for screen readers, so a pinned
// conversation's link reads "Pinned: <title>".
import { Pin } from 'lucide-react';

export function PinnedMark() {
  return (
    <>
      <Pin className="pin-icon" size={14} aria-hidden />
      <span className="visually-hidden">Pinned: </span>
    </>
  );
}
