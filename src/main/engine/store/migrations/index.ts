// Numbered migrations, oldest first. Never edit one that has landed: add the next number.
import { migration001 } from './001-initial';
import { migration002 } from './002-turn-metrics';
import { migration003 } from './003-fts-scope';
import { migration004 } from './004-message-heads';
import { migration005 } from './005-row-versions';
import { migration006 } from './006-memory-proposals';
import { migration007 } from './007-segmented-index';
import { migration008 } from './008-secure-delete';
import { migration009 } from './009-monitoring';
import { migration010 } from './010-turn-contexts';
import { migration011 } from './011-message-tree';
import { migration012 } from './012-conversation-tags';
import { migration013 } from './013-statement-hash';
import { migration014 } from './014-base-forms';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
];

// The newest version, not the count: numbers are assigned ahead, so one may land before another.
export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
