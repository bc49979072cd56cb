// The kinds of secret Mnemo keeps out of memory. The engine finds them (memory/secret-guard.ts)
// and names them by kind; the UI says each kind in its language.
export const SECRET_KINDS = ['api-key', 'password', 'pin', 'card-number', 'iban', 'private-key'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export function isSecretKind(value: unknown): value is SecretKind {
  return typeof value === 'string' && (SECRET_KINDS as readonly string[]).includes(value);
}
