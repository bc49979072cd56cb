// What a user may send: text that is not empty and not absurdly large. Lone surrogates are
// replaced (they cannot be stored as UTF-8 and would not read back the same); NUL is kept.
import { MAX_MESSAGE_CHARS } from '../../../shared/contract';
import { MnemoError } from '../../../shared/errors';

export { MAX_MESSAGE_CHARS };

export function validateUserMessage(content: unknown): string {
  if (typeof content !== 'string')
    throw new MnemoError('INVALID_INPUT', 'A message must be text.', { field: 'content' });
  if (content.length > MAX_MESSAGE_CHARS) {
    throw new MnemoError(
      'INVALID_INPUT',
      `This message is too long to send (${content.length.toLocaleString('en')} characters; the limit is ${MAX_MESSAGE_CHARS.toLocaleString('en')}). Nothing was saved; split it into parts or attach less text.`,
      { field: 'content', length: content.length, limit: MAX_MESSAGE_CHARS },
    );
  }
  const text = content.toWellFormed();
  if (text.trim().length === 0) throw new MnemoError('INVALID_INPUT', 'The message is empty.', { field: 'content' });
  return text;
}
