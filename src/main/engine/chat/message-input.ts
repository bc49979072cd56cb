// What a user may send: text that is not empty and not absurdly large. Lone surrogates are
// replaced (they cannot be stored as UTF-8 and would not read back the same); NUL is kept.
import { MAX_MESSAGE_CHARS } from '../../../shared/contract';
import { MnemoError } from '../../../shared/errors';
import { refusal } from '../problems';

export { MAX_MESSAGE_CHARS };

export function validateUserMessage(content: unknown): string {
  if (typeof content !== 'string')
    throw new MnemoError('INVALID_INPUT', 'A message must be text.', { field: 'content' });
  if (content.length > MAX_MESSAGE_CHARS) {
    throw refusal(
      { code: 'messageTooLong', max: MAX_MESSAGE_CHARS, length: content.length },
      { field: 'content', length: content.length, limit: MAX_MESSAGE_CHARS },
    );
  }
  const text = content.toWellFormed();
  if (text.trim().length === 0) throw refusal({ code: 'messageEmpty' }, { field: 'content' });
  return text;
}
