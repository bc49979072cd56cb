// The times a question names ("last May", "two weeks ago", "in 2022", "on 3 March", "yesterday"),
// as spans of the user's local time, resolved against the moment it is asked. Parsing is
// chrono-node's (casual English, Chinese and Japanese grammars), with two English forms it
// lacks added as its own parsers; a question names a time only when a day, month or year is
// certain from its words (a clock time alone, "at 5", is not a span of the history).
import { casual, ja, zh, type Chrono, type ParsedResult, type ParsingContext } from 'chrono-node';

export interface TimeSpan {
  /** Milliseconds since the epoch, inclusive. */
  from: number;
  /** Milliseconds since the epoch, exclusive. */
  to: number;
}

const DAY_MS = 86_400_000;
/**
 * Days after a named day or week that still count: people tell of what they did on the days
 * after it ("we went camping last weekend", said on Monday), so the turns about it follow it.
 */
const TELLING_DAYS = 3;
/**
 * A relative day ("two weeks ago", "a few days ago") is meant roughly: this share of its distance
 * from now either side, a week at most.
 */
const ROUGHLY = 0.25;
const ROUGHLY_AT_MOST_MS = 7 * DAY_MS;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_PATTERN = `(${MONTHS.join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')})`;

/** "last May": the latest May before this month (chrono reads "last" only before units and weekdays). */
const lastMonthName = {
  pattern: () => new RegExp(`\\blast\\s+${MONTH_PATTERN}\\b(?!\\s*,?\\s*\\d)`, 'i'),
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const month = MONTHS.findIndex((m) => m.startsWith(match[1]!.toLowerCase().slice(0, 3))) + 1;
    const reference = context.refDate;
    const thisMonth = reference.getMonth() + 1;
    const year = month < thisMonth ? reference.getFullYear() : reference.getFullYear() - 1;
    return { year, month };
  },
};

/** "in 2022", "during 2019", "back in 2015": a year alone (a bare number is not read as one). */
const yearAlone = {
  pattern: () => /\b(?:in|during|of|since|throughout)\s+((?:19|20)\d\d)\b(?!\s*[-/.:]\d)/i,
  extract: (_context: ParsingContext, match: RegExpMatchArray) => ({ year: Number(match[1]) }),
};

/** Years back from this one, as Chinese and Japanese name them before a month. */
const YEARS_BACK: Record<string, number> = { 今年: 0, 去年: 1, 昨年: 1, 前年: 2, 一昨年: 2 };
const HAN_DIGITS = '一二三四五六七八九十';

/**
 * "去年五月", "昨年5月": a month of a year named relative to this one. chrono's Chinese and Japanese
 * grammars read the month but not the year word, so "last year's May" became this year's.
 */
const monthOfNamedYear = {
  pattern: () => /(一昨年|今年|去年|昨年|前年)\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月/u,
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const month = monthNumber(match[2]!);
    if (month < 1 || month > 12) return null;
    return { year: context.refDate.getFullYear() - YEARS_BACK[match[1]!]!, month };
  },
};

function monthNumber(text: string): number {
  const ascii = text.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  // 一 … 九, 十, 十一, 十二
  const [tens, ones] = ascii.includes('十') ? ascii.split('十') : ['', ascii];
  const digit = (c: string | undefined) => (c ? HAN_DIGITS.indexOf(c) + 1 : 0);
  return ascii.includes('十') ? (tens ? digit(tens) : 1) * 10 + digit(ones) : digit(ones);
}

let english: Chrono | undefined;
let japanese: Chrono | undefined;
let chinese: Chrono | undefined;

function grammarFor(text: string): Chrono {
  // Kana only in Japanese; Han without kana read as Chinese; everything else with the English grammar.
  if (/[\u3040-\u30ff]/u.test(text)) return (japanese ??= withParsers(ja.casual, monthOfNamedYear));
  if (/\p{Script=Han}/u.test(text)) return (chinese ??= withParsers(zh.casual, monthOfNamedYear));
  if (!english) {
    english = casual.clone();
    english.parsers.push(lastMonthName, yearAlone);
  }
  return english;
}

function withParsers(grammar: Chrono, ...parsers: Chrono['parsers']): Chrono {
  const extended = grammar.clone();
  // First, so the year word's reading wins over the grammar's own reading of the bare month.
  extended.parsers.unshift(...parsers);
  return extended;
}

/** The spans of time a text names, resolved against `now` (none when it names none). */
export function timeSpansOf(text: string, now: number): TimeSpan[] {
  const reference = new Date(now);
  const spans: TimeSpan[] = [];
  for (const result of grammarFor(text).parse(text, reference, { forwardDate: false })) {
    // "Where do I live now?" asks for the present state of things, not for what was said today.
    if (result.tags().has('casualReference/now')) continue;
    const span = spanOf(result, reference);
    if (span) spans.push(span);
  }
  return spans;
}

/** The span a parsed expression covers, as fine as its certain parts: a day, a month or a year. */
function spanOf(result: ParsedResult, reference: Date): TimeSpan | null {
  const start = result.start;
  const certain = (part: 'year' | 'month' | 'day' | 'weekday') => start.isCertain(part);
  if (!certain('year') && !certain('month') && !certain('day') && !certain('weekday')) return null;
  let date = start.date();
  // A date without its year is the latest one not after now: a question about what was said looks back.
  if (!certain('year') && date.getTime() > reference.getTime()) {
    date = new Date(date);
    date.setFullYear(date.getFullYear() - 1);
  }
  const year = date.getFullYear();
  const month = date.getMonth();
  let span: TimeSpan;
  if (certain('day') || certain('weekday')) {
    const day = new Date(year, month, date.getDate()).getTime();
    const end = result.end ? endOfDay(result.end.date()) : day + DAY_MS;
    span = { from: day, to: end + TELLING_DAYS * DAY_MS };
    if (result.tags().has('result/relativeDate')) {
      const slack = Math.min(ROUGHLY_AT_MOST_MS, ROUGHLY * Math.max(0, reference.getTime() - day));
      span = { from: span.from - slack, to: span.to + slack };
    }
  } else if (certain('month'))
    span = { from: new Date(year, month, 1).getTime(), to: new Date(year, month + 1, 1).getTime() };
  else span = { from: new Date(year, 0, 1).getTime(), to: new Date(year + 1, 0, 1).getTime() };
  // Nothing has been said after now.
  span.to = Math.min(span.to, reference.getTime() + 1);
  return span.to > span.from ? span : null;
}

function endOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() + DAY_MS;
}
