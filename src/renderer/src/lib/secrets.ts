// Kinds of secret the engine found, said as a list in the UI's language ("a password and a PIN",
// "密码和 PIN 码"): the engine names kinds, never words.
import type { SecretKind } from '../../../shared/secrets';
import { i18n, t } from '../i18n';

const KEYS = {
  'api-key': 'apiKey',
  password: 'password',
  pin: 'pin',
  'card-number': 'cardNumber',
  iban: 'iban',
  'private-key': 'privateKey',
} as const satisfies Record<SecretKind, string>;

export function secretsText(kinds: readonly SecretKind[]): string {
  const names = kinds.map((kind) => t(`secret.kind.${KEYS[kind]}`));
  return new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names);
}
