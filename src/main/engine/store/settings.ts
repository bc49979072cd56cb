// Key/value settings stored as JSON. The typed view of them lives with the engine config.
import type { RepoContext } from './context';

export class SettingsRepository {
  constructor(private readonly ctx: RepoContext) {}

  get<T>(key: string): T | undefined {
    const row = this.ctx.prepare(`SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.ctx
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
      .run(key, JSON.stringify(value));
  }

  all(): Record<string, unknown> {
    const rows = this.ctx.prepare(`SELECT key, value FROM settings ORDER BY key`).all() as {
      key: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  }
}
