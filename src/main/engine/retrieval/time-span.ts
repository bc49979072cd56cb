// The times a question names ("last May", "two weeks ago", "in 2022", "on 3 March", "21.01.2024", "yesterday"),
// as spans of the user's local time, resolved against the moment it is asked. Parsing is
// chrono-node's (casual English, Chinese and Japanese grammars), with the forms it lacks added
// as its own parsers (two English ones; in Chinese and Japanese a year word, and times counted
// back from now, read as the English grammar reads the same words); a question names a time only
// when a day, month or year is certain from its words (a clock time alone, "at 5", is not a span
// of the history).
import { casual, ja, zh, ParsingComponents, type Chrono, type ParsedResult, type ParsingContext } from 'chrono-node';

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

/**
 * "10.01.2024", "21.01.24": a date written with dots is day first wherever it is written so
 * (German, Russian, Polish, Czech, Turkish, the Nordic languages…); no locale writes the month
 * first with dots. chrono reads dotted dates as it reads slashed ones, month first when the first
 * number can be a month, so "10.01.2024" was the 1st of October. Only with a year: "1.5." ending
 * a sentence is a number more often than a day.
 */
const dottedDate = {
  pattern: () => /(?<![\d.])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.(\d{4}|\d{2})(?![\d.])/,
  extract: (_context: ParsingContext, match: RegExpMatchArray) => {
    const year = Number(match[3]);
    return { day: Number(match[1]), month: Number(match[2]), year: year < 100 ? 2000 + year : year };
  },
};

/** Years back from this one, as Chinese and Japanese name them. */
const YEARS_BACK: Record<string, number> = { 今年: 0, 去年: 1, 昨年: 1, 前年: 2, 一昨年: 2 };
const HAN_DIGITS = '一二三四五六七八九十';
/** A count written with digits (full-width too) or Han numerals, as both languages write it before a unit. */
const COUNT = '[0-9０-９]{1,3}|[一二两三四五六七八九十]{1,3}|几|幾|数|數|半';
const MONTH_NUMBER = '[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}';

/**
 * "去年五月", "昨年5月": a month of a year named relative to this one. chrono's Chinese and Japanese
 * grammars read the month but not the year word, so "last year's May" became this year's.
 */
const monthOfNamedYear = {
  pattern: () => new RegExp(`(一昨年|今年|去年|昨年|前年)\\s*(${MONTH_NUMBER})\\s*月`, 'u'),
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const month = countOf(match[2]!);
    if (month < 1 || month > 12) return null;
    return { year: context.refDate.getFullYear() - YEARS_BACK[match[1]!]!, month };
  },
};

/**
 * "去年", "昨年" alone (no month after it): that whole year, as "last year" is in English. Not inside
 * the words that hold the same characters: 过去年代 (past eras), 如今年轻人 (young people nowadays).
 */
const namedYear = {
  pattern: () =>
    new RegExp(
      `(一昨年|(?<![如至])今年(?![轻輕纪紀])|(?<![过過])去年|昨年|前年)(?!\\s*(?:${MONTH_NUMBER})\\s*月)`,
      'u',
    ),
  extract: (context: ParsingContext, match: RegExpMatchArray) => ({
    year: context.refDate.getFullYear() - YEARS_BACK[match[1]!]!,
  }),
};

/**
 * "三天前", "两周前", "五个月前", "3日前", "二週間前", "半年前": a time counted back from now, read as
 * chrono reads "three days ago" in English (a day roughly, or a month or a year). chrono's Chinese
 * grammar leaves its own such parser out and its Japanese one has none. A month needs its counter
 * (个, ヶ, か): "五月前" is "before May".
 */
const countedBack = {
  pattern: () =>
    new RegExp(
      `(?<![0-9０-９])(${COUNT})\\s*(?:(天|日)|(周|週間|週|星期|礼拜|禮拜|個星期|个星期|个礼拜)|(?:个|個|か|ヶ|ケ|カ|ヵ)\\s*月(?:間)?|(年))\\s*(?:之|以)?前`,
      'u',
    ),
  extract: (context: ParsingContext, match: RegExpMatchArray) => {
    const count = countOf(match[1]!);
    const [, , day, week, year] = match;
    if (!(count > 0)) return null;
    const half = count === 0.5;
    if (half && (day || week)) return null; // half a day or week ago names no day of the history
    const duration = day
      ? { day: -count }
      : week
        ? { week: -count }
        : year
          ? half
            ? { month: -6 }
            : { year: -count }
          : half
            ? { day: -15 }
            : { month: -count };
    return ParsingComponents.createRelativeFromReference(context.reference, duration);
  },
};

/**
 * "上个月", "先月" (last month) and "上周", "先週" (last week), read as chrono reads them in English: the
 * month before this one, and the day a week ago. A weekday after it ("上周三") is chrono's own; 周 is
 * "week" only when it starts no other word (周围 around, 周年 anniversary), and a bare 上月 is left
 * out, as it ends too many words (晚上月光, moonlight in the evening).
 */
const lastUnit = {
  pattern: () =>
    /(?:上(?:个|個)月|先月)(?!\s*[0-9０-９一二三四五六七八九十])|(上(?:个|個)?(?:周|週)(?![围圍边邊到年期岁歲游遊转轉全刊报報一二三四五六日天0-9０-９])|上(?:个|個)?(?:星期|礼拜|禮拜)(?![一二三四五六日天0-9０-９])|先週(?!の?[月火水木金土日]曜))/u,
  extract: (context: ParsingContext, match: RegExpMatchArray) =>
    ParsingComponents.createRelativeFromReference(context.reference, match[1] ? { week: -1 } : { month: -1 }),
};

/** A count as either language writes it: digits, Han numerals to 99, 两 (two), 半 (half), 几/数 (a few). */
function countOf(text: string): number {
  const ascii = text.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (ascii === '半') return 0.5;
  if (/^[几幾数數]$/u.test(ascii)) return 3;
  const han = ascii.replace(/两/gu, '二');
  // 一 … 九, 十, 十一, 二十, 二十三
  const [tens, ones] = han.includes('十') ? han.split('十') : ['', han];
  const digit = (c: string | undefined) => (c ? HAN_DIGITS.indexOf(c) + 1 : 0);
  if ([tens, ones].some((part) => part && (part.length > 1 || !HAN_DIGITS.includes(part)))) return Number.NaN;
  return han.includes('十') ? (tens ? digit(tens) : 1) * 10 + digit(ones) : digit(ones);
}

/** The forms chrono's Chinese and Japanese grammars lack, for both (they share the Han words). */
const EAST_ASIAN = [monthOfNamedYear, namedYear, countedBack, lastUnit];

let english: Chrono | undefined;
let japanese: Chrono | undefined;
let chinese: Chrono | undefined;

function grammarFor(text: string): Chrono {
  // Kana only in Japanese; Han without kana read as Chinese; everything else with the English grammar.
  if (/[\u3040-\u30ff]/u.test(text)) return (japanese ??= withParsers(ja.casual, ...EAST_ASIAN));
  if (/\p{Script=Han}/u.test(text)) return (chinese ??= withParsers(zh.casual, ...EAST_ASIAN));
  if (!english) {
    english = withParsers(casual, dottedDate);
    english.parsers.push(lastMonthName, yearAlone);
  }
  return english;
}

function withParsers(grammar: Chrono, ...parsers: Chrono['parsers']): Chrono {
  const extended = grammar.clone();
  // First, so their reading wins over the grammar's own of the same text (the bare month after a
  // year word, a dotted date read month first).
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
