// Finds secrets in text before it becomes a memory: API keys and tokens, passwords, PINs,
// card numbers (Luhn-checked), IBANs (checksum and country format, by ibantools) and private
// keys. Written here rather than taken whole from a scanner: secretlint, the well-kept one,
// needs Node 22 and looks for credentials in source files, not for a PIN or a card number
// in a sentence; what this needs is a few patterns plus checksums, so false alarms stay rare.
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { MnemoError } from '../../../shared/errors';
import type { SecretKind } from '../../../shared/secrets';

export type { SecretKind };

export interface SecretFinding {
  kind: SecretKind;
  /** What it looks like, in English (for the model and the logs): "a card number". */
  label: string;
}

const LABELS: Record<SecretKind, string> = {
  'api-key': 'an API key or access token',
  password: 'a password',
  pin: 'a PIN',
  'card-number': 'a card number',
  iban: 'a bank account number (IBAN)',
  'private-key': 'a private key',
};

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d/;

/** Token formats whose prefix says what they are (OpenAI, Anthropic, Stripe, GitHub, GitLab, AWS, Google, Slack, Hugging Face) and JWTs. */
const KNOWN_TOKENS = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/,
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/,
  /\bgithub_pat_[A-Za-z0-9_]{30,}/,
  /\bglpat-[A-Za-z0-9_-]{20,}/,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/,
  /\bhf_[A-Za-z0-9]{30,}/,
  /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
];

/** "api key: …", "token = …" followed by a long random-looking value. */
const LABELLED_TOKEN =
  /\b(?:api[ _-]?key|access[ _-]?key|secret(?:[ _-]?key)?|auth[ _-]?token|access[ _-]?token|bearer|token)\b\s*(?:is|:|=)?\s*["'`]?([A-Za-z0-9_\-+/=.]{20,})/i;

const PASSWORD =
  /\b(?:password|passwd|passphrase|passcode|pwd|wifi key|kennwort|mot de passe|contraseña)\b\s*(?:is|was|:|=|->)\s*["'“`]?([^\s"'”`]{3,})/i;
/** Words that follow "password is" in sentences that do not give one away. */
const NOT_A_PASSWORD = new Set([
  'too',
  'not',
  'the',
  'a',
  'an',
  'my',
  'your',
  'weak',
  'strong',
  'long',
  'short',
  'wrong',
  'correct',
  'same',
  'different',
  'expired',
  'required',
  'missing',
  'reset',
  'changed',
  'saved',
  'stored',
  'secure',
  'insecure',
  'incorrect',
  'invalid',
  'empty',
  'case-sensitive',
]);

const PIN = /\b(?:PIN|pin(?: code| number)?|Pin)\b(?:\s+(?:code|number))?\s*(?:is|was|:|=|of)?\s*["'“]?(\d{4,8})\b/;

const DIGIT_RUN = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gi;

export function findSecrets(text: string): SecretFinding[] {
  const kinds = new Set<SecretKind>();
  if (PRIVATE_KEY.test(text)) kinds.add('private-key');
  if (KNOWN_TOKENS.some((pattern) => pattern.test(text)) || looksLikeLabelledToken(text)) kinds.add('api-key');
  if (givesPassword(text)) kinds.add('password');
  if (PIN.test(text)) kinds.add('pin');
  if (hasCardNumber(text)) kinds.add('card-number');
  if (hasIban(text)) kinds.add('iban');
  return [...kinds].map((kind) => ({ kind, label: LABELS[kind] }));
}

/** Says what was found, in words ("a password and a PIN"). */
export function describeSecrets(findings: readonly SecretFinding[]): string {
  const labels = findings.map((f) => f.label);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/**
 * The one policy for secrets entering memory: the model is refused outright; a person is
 * asked first (SECRET_DETECTED, which the UI turns into a confirmation) unless they confirmed.
 */
export function guardMemoryText(text: string, who: { actor: 'model' } | { actor: 'user'; confirmed: boolean }): void {
  const findings = findSecrets(text);
  if (findings.length === 0 || (who.actor === 'user' && who.confirmed)) return;
  const what = describeSecrets(findings);
  const kinds = findings.map((f) => f.kind);
  if (who.actor === 'model') {
    throw new MnemoError(
      'SECRET_REFUSED',
      `Not saved: this looks like it contains ${what}, and Mnemo never lets the model store secrets.`,
      { kinds },
    );
  }
  throw new MnemoError(
    'SECRET_DETECTED',
    `This looks like it contains ${what}. Memories go into prompts. Save it anyway?`,
    { kinds },
  );
}

function looksLikeLabelledToken(text: string): boolean {
  const value = LABELLED_TOKEN.exec(text)?.[1];
  // A value with letters and digits mixed, as generated keys are; not a long ordinary word.
  return value !== undefined && /\d/.test(value) && /[A-Za-z]/.test(value);
}

function givesPassword(text: string): boolean {
  const value = PASSWORD.exec(text)?.[1];
  return value !== undefined && !NOT_A_PASSWORD.has(value.toLowerCase().replace(/[.,!?;]+$/, ''));
}

function hasCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && luhnValid(digits)) return true;
  }
  return false;
}

/** The Luhn checksum that every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function hasIban(text: string): boolean {
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    // The pattern runs on into the next words ("… 0130 00 please"): try it shorter, word by word.
    const words = match[0].split(' ');
    for (let n = words.length; n >= 1; n--) {
      const candidate = electronicFormatIBAN(words.slice(0, n).join('').toUpperCase());
      if (candidate && candidate.length >= 15 && isValidIBAN(candidate)) return true;
    }
  }
  return false;
}
