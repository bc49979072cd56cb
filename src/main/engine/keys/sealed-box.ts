// Passphrase sealing, one scheme for everything a passphrase protects (the profile's database
// key, encrypted exports): a key derived with scrypt (memory-hard), then AES-256-GCM, whose tag
// tells a wrong passphrase from a right one without a separate check value.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { MnemoError } from '../../../shared/errors';

/** scrypt's cost parameters, stored with what they sealed so they can be raised later. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^17 × 8 × 1: 128 MiB and about half a second here; OWASP's floor is 2^17 for r=8. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export interface SealedBox {
  kdf: 'scrypt';
  scrypt: ScryptParams;
  /** base64: 16 bytes of salt for scrypt, 12 bytes of GCM nonce, 16 bytes of tag. */
  salt: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const KEY_BYTES = 32;

/**
 * The most work a box may ask of scrypt: eight times the default's time and memory (room to raise
 * the default later). A box's costs come from its file, which may come from anyone (an encrypted
 * export to import): without a ceiling, `p` alone could hold this process for hours.
 */
const MAX_SCRYPT_WORK = 8 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * DEFAULT_SCRYPT.p;

const base64 = (bytes?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => bytes === undefined || Buffer.from(s, 'base64').length === bytes);

/** A box as read from a file: its fields, and costs scrypt accepts within the ceiling. */
export const sealedBoxSchema = z.object({
  kdf: z.literal('scrypt'),
  scrypt: z
    .object({
      N: z
        .number()
        .int()
        .min(2 ** 10)
        .refine((n) => (n & (n - 1)) === 0, 'a power of two'),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(16),
    })
    .refine(({ N, r, p }) => N * r * p <= MAX_SCRYPT_WORK, 'more work than Mnemo allows'),
  salt: base64(16),
  iv: base64(12),
  tag: base64(16),
  ciphertext: base64(),
});

/** Whether `value` is a box `open` can try (see sealedBoxSchema). */
export function isSealedBox(value: unknown): value is SealedBox {
  return sealedBoxSchema.safeParse(value).success;
}

export function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Buffer {
  // maxmem must cover 128·N·r bytes; the default (32 MiB) refuses N = 2^17.
  return scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: 256 * params.N * params.r });
}

export function seal(
  plaintext: Buffer,
  passphrase: string,
  params: ScryptParams = DEFAULT_SCRYPT,
  aad?: Buffer,
): SealedBox {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, params), iv);
  if (aad) cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    kdf: 'scrypt',
    scrypt: params,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/**
 * WRONG_PASSPHRASE when the tag does not match: a wrong passphrase, or a damaged box. INVALID_INPUT
 * (reason 'damaged') for a box that is not one, or asks scrypt for more than the ceiling.
 */
export function open(box: SealedBox, passphrase: string, aad?: Buffer): Buffer {
  if (!isSealedBox(box))
    throw new MnemoError(
      'INVALID_INPUT',
      'That encrypted data is damaged or was not made by Mnemo. Nothing was changed.',
      {
        reason: 'damaged',
      },
    );
  const decipher = createDecipheriv(
    'aes-256-gcm',
    deriveKey(passphrase, Buffer.from(box.salt, 'base64'), box.scrypt),
    Buffer.from(box.iv, 'base64'),
  );
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]);
  } catch (error) {
    throw new MnemoError(
      'WRONG_PASSPHRASE',
      'That passphrase is not the right one (or the file it protects is damaged). Nothing was changed.',
      undefined,
      { cause: error },
    );
  }
}
