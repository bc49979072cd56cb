// How Chinese and Japanese questions name a time counted back from now ("三天前", "两周前", "先月"),
// read as the English grammar reads the same words ("three days ago", "two weeks ago", "last month"),
// and the words that hold the same characters without naming a time.
import { describe, expect, it } from 'vitest';
import { timeSpansOf, type TimeSpan } from '../../../src/main/engine/retrieval/time-span';

/** Saturday 15 July 2023, noon, local time. */
const NOW = new Date(2023, 6, 15, 12).getTime();
const spans = (text: string): TimeSpan[] => timeSpansOf(text, NOW);

describe('times counted back from now in Chinese and Japanese', () => {
  it.each([
    ['三天前我说了什么？', 'What did I say three days ago?'],
    ['3日前に何を話した？', 'What did we talk about three days ago?'],
    ['几天前你推荐的书', 'the book you recommended a few days ago'],
    ['数日前に行った店', 'the shop I went to a few days ago'],
  ])('%s is read as "%s"', (text, english) => {
    expect(spans(text)).toEqual(spans(english));
    expect(spans(text)).toHaveLength(1);
  });

  it.each([
    ['两周前我们去了哪里？', 'Where did we go two weeks ago?'],
    ['两个星期前', 'two weeks ago'],
    ['二週間前の話', 'what we said two weeks ago'],
    ['五个月前', 'five months ago'],
    ['5ヶ月前に買った本', 'the book I bought five months ago'],
    ['十二天前', 'twelve days ago'],
    ['上个月我买了什么？', 'What did I buy last month?'],
    ['先月どこに行った？', 'Where did I go last month?'],
    ['上周你推荐的书', 'the book you recommended last week'],
    ['先週の話', 'what we said last week'],
    ['去年我们去了哪里？', 'Where did we go last year?'],
    ['昨年どこに行った？', 'Where did I go last year?'],
  ])('%s is read as "%s"', (text, english) => {
    expect(spans(text)).toHaveLength(1);
    expect(spans(text)).toEqual(spans(english));
  });

  it('reads half a year back and a few years back as the year and month they reach', () => {
    expect(spans('半年前')).toEqual([{ from: new Date(2023, 0, 1).getTime(), to: new Date(2023, 1, 1).getTime() }]);
    expect(spans('几年前')).toEqual([{ from: new Date(2020, 0, 1).getTime(), to: new Date(2021, 0, 1).getTime() }]);
  });

  it('keeps a month name a month: 五月前 is "before May", and 去年五月 last year\'s May', () => {
    expect(spans('五月前')).toEqual([{ from: new Date(2023, 4, 1).getTime(), to: new Date(2023, 5, 1).getTime() }]);
    expect(spans('去年五月')).toEqual([{ from: new Date(2022, 4, 1).getTime(), to: new Date(2022, 5, 1).getTime() }]);
  });

  it('reads no time in words that only hold the same characters', () => {
    expect(spans('过去年代的音乐')).toEqual([]); // music of past eras
    expect(spans('如今年轻人喜欢什么？')).toEqual([]); // what young people like nowadays
    expect(spans('2020年前的事')).toEqual([]); // before 2020: a year, not 20 years back
    // 周围 (around) is no week: only the evening chrono reads in 晚上 remains, today.
    expect(spans('晚上周围很安静')).toEqual(spans('晚上很安静'));
  });

  it('leaves a weekday after 上周 to chrono, which names that day', () => {
    const [wednesday] = spans('上周三我们吃了什么？');
    expect(new Date(wednesday!.from)).toEqual(new Date(2023, 6, 5));
  });
});

describe('dates written with dots', () => {
  const day = (year: number, month: number, date: number) => new Date(year, month - 1, date).getTime();

  it.each([
    ['What did Paola plan for 10.01.2023?', day(2023, 1, 10)],
    ['Where was I on 03.02.23?', day(2023, 2, 3)],
    ['Was hast du am 1.7.2023 gekocht?', day(2023, 7, 1)],
  ])('reads %s day first', (text, from) => {
    expect(spans(text)).toHaveLength(1);
    expect(spans(text)[0]!.from).toBe(from);
  });

  it('leaves slashes month first, as English writes them', () => {
    expect(spans('What did I do on 01/10/2023?')[0]!.from).toBe(day(2023, 1, 10));
  });

  it('reads no date in version numbers, decimals or impossible days', () => {
    for (const text of ['Is 2.0.10 out yet?', 'pi is 3.14 and 1.5.', 'on 32.01.2023', 'on 10.13.2023'])
      expect(spans(text), text).toEqual([]);
  });
});
