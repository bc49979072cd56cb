// Writes datasets/multilingual-recall-v1.json (FORMAT.md's shape): one user each writing
// Chinese, Japanese, German, and English mixed with Chinese, with planted facts (one of them
// updated later) among small talk and statements about other people shaped like them, and questions in the user's language whose evidence is the
// turn holding the answer. Written for Mnemo; deterministic (seeded), so the file is reproducible:
//   npx tsx scripts/make-multilingual-recall.ts
import { writeFileSync } from 'node:fs';

interface Fact {
  id: string;
  text: string;
  question: string;
  /** A first statement the fact replaces later (knowledge update): the question's evidence is the later one. */
  earlier?: string;
}

interface Language {
  name: string;
  user: string;
  facts: Fact[];
  userTalk: string[];
  assistantTalk: string[];
  /** A long answer, said now and then, so a history costs many tokens. */
  longAnswer: string;
  /** Statements about other people shaped like the facts: they share the questions' words and must not crowd the answer out. */
  distractors: string[];
}

const LANGUAGES: Language[] = [
  {
    name: 'chinese',
    user: '李娜',
    facts: [
      { id: 'daughter', text: '我的女儿叫米娅，她今年七岁。', question: '我女儿叫什么名字？' },
      { id: 'allergy', text: '我对花生过敏，吃一点就会起疹子。', question: '我对什么食物过敏？' },
      { id: 'job', text: '我在一家医院当护士，已经工作十年了。', question: '我在哪里工作？' },
      { id: 'cat', text: '我们家的猫叫豆豆，是一只橘猫。', question: '我家的猫叫什么？' },
      { id: 'hometown', text: '我老家在成都，每年春节都回去。', question: '我老家在哪个城市？' },
      { id: 'car', text: '我开的车是一辆白色的比亚迪。', question: '我开的是什么车？' },
      { id: 'singer', text: '我最喜欢的歌手是周杰伦，他的歌我都会唱。', question: '我最喜欢的歌手是谁？' },
      {
        id: 'home',
        earlier: '我住在上海浦东，离地铁站很近。',
        text: '我们上个月搬家了，现在住在杭州西湖区。',
        question: '我现在住在哪里？',
      },
      { id: 'brother', text: '我哥哥在北京做律师。', question: '我哥哥是做什么的？' },
      { id: 'birthday', text: '我的生日是十月三号。', question: '我的生日是哪天？' },
    ],
    userTalk: [
      '今天天气真不错。',
      '我今天有点累。',
      '你能推荐一本好书吗？',
      '周末我想好好休息一下。',
      '最近工作有点忙。',
      '我刚喝完一杯咖啡。',
      '晚上想做点简单的饭。',
      '我在想明天要不要去跑步。',
      '这个星期过得好快。',
      '我朋友的儿子叫小明，很调皮。',
    ],
    assistantTalk: [
      '听起来不错！',
      '好的，有需要随时告诉我。',
      '注意休息哦。',
      '明白了。',
      '这个想法很好。',
      '祝你今天顺利！',
    ],
    longAnswer:
      '好的，这里有几点建议。首先，每天保持规律的作息，早睡早起对身体很有好处。其次，饮食要均衡，多吃蔬菜和水果，少吃油炸食品。第三，适当运动，比如散步、游泳或者骑自行车，每周至少三次。最后，保持好的心情，和朋友家人多交流，遇到压力的时候可以听听音乐或者出去走走。希望这些建议对你有帮助。',
    distractors: [
      '我朋友的女儿叫小红，今年五岁。',
      '我同事对海鲜过敏。',
      '我妈妈以前在学校当老师。',
      '邻居家的狗叫旺财。',
      '我老公的老家在西安。',
      '我哥哥开的车是一辆黑色的丰田。',
      '我妹妹最喜欢的歌手是王菲。',
      '我朋友住在南京鼓楼区。',
      '我姐姐在深圳做医生。',
      '我儿子的生日是五月二十号。',
    ],
  },
  {
    name: 'japanese',
    user: '佐藤さくら',
    facts: [
      { id: 'daughter', text: '私の娘はミアで、七歳です。', question: '娘の名前は何ですか？' },
      {
        id: 'allergy',
        text: '私はそばアレルギーがあるので、そばは食べられません。',
        question: '私は何のアレルギーがありますか？',
      },
      { id: 'job', text: '私は小学校で英語を教えています。', question: '私はどこで何を教えていますか？' },
      { id: 'dog', text: 'うちの犬の名前はポチです。柴犬です。', question: 'うちの犬の名前は？' },
      { id: 'hometown', text: '私の出身は北海道の札幌です。', question: '私の出身はどこですか？' },
      { id: 'hobby', text: '趣味は週末に山登りをすることです。', question: '私の趣味は何ですか？' },
      {
        id: 'food',
        text: '好きな食べ物はラーメンです。特に味噌ラーメンが好きです。',
        question: '私の好きな食べ物は何ですか？',
      },
      {
        id: 'home',
        earlier: '今は大阪に住んでいます。',
        text: '先月、京都に引っ越しました。今は京都に住んでいます。',
        question: '私は今どこに住んでいますか？',
      },
      { id: 'brother', text: '弟はトヨタでエンジニアとして働いています。', question: '弟はどこで働いていますか？' },
      { id: 'birthday', text: '私の誕生日は三月十五日です。', question: '私の誕生日はいつですか？' },
    ],
    userTalk: [
      '今日はいい天気ですね。',
      '少し疲れました。',
      'おすすめの本はありますか？',
      '週末はゆっくり休みたいです。',
      '最近仕事が忙しいです。',
      'コーヒーを飲みました。',
      '夕ご飯は簡単なものにしようかな。',
      '明日はジョギングしようと思います。',
      '今週はあっという間でした。',
      '友達の息子はケンタという名前です。',
    ],
    assistantTalk: [
      'いいですね！',
      'わかりました。何かあればいつでもどうぞ。',
      'ゆっくり休んでくださいね。',
      'なるほど。',
      'それは素敵な考えですね。',
      '良い一日を！',
    ],
    longAnswer:
      'はい、いくつかアドバイスがあります。まず、毎日決まった時間に寝て起きることが大切です。次に、野菜や果物を多く食べて、揚げ物は控えめにしましょう。三つ目に、散歩や水泳など適度な運動を週に三回ほど続けると良いです。最後に、友達や家族と話したり音楽を聴いたりして、ストレスをためないようにしてください。参考になれば嬉しいです。',
    distractors: [
      '友達の娘はハナで、五歳です。',
      '同僚は卵アレルギーがあります。',
      '母は昔、中学校で数学を教えていました。',
      '隣の家の猫の名前はタマです。',
      '夫の出身は福岡です。',
      '姉の趣味は料理をすることです。',
      '弟の好きな食べ物はカレーです。',
      '友達は名古屋に住んでいます。',
      '妹は銀行で働いています。',
      '息子の誕生日は八月二日です。',
    ],
  },
  {
    name: 'german',
    user: 'Jürgen',
    facts: [
      {
        id: 'daughter',
        text: 'Meine Tochter heißt Mia und ist sieben Jahre alt.',
        question: 'Wie heisst meine Tochter?',
      },
      {
        id: 'allergy',
        text: 'Ich bin allergisch gegen Erdnüsse, schon eine kleine Menge ist schlimm.',
        question: 'Wogegen bin ich allergisch?',
      },
      { id: 'job', text: 'Ich arbeite als Krankenpfleger im Städtischen Klinikum.', question: 'Als was arbeite ich?' },
      {
        id: 'cat',
        text: 'Unsere Katze heißt Mäxchen und schläft am liebsten auf dem Sofa.',
        question: 'Wie heisst unsere Katze?',
      },
      {
        id: 'hometown',
        text: 'Ich komme ursprünglich aus Graz in Österreich.',
        question: 'Woher komme ich ursprünglich?',
      },
      { id: 'car', text: 'Ich fahre einen alten grünen Volkswagen Käfer.', question: 'Welches Auto fahre ich?' },
      { id: 'band', text: 'Meine Lieblingsband sind die Toten Hosen.', question: 'Was ist meine Lieblingsband?' },
      {
        id: 'home',
        earlier: 'Ich wohne in der Schloßstraße in Köln.',
        text: 'Wir sind letzten Monat umgezogen und wohnen jetzt in Düsseldorf an der Königsallee.',
        question: 'Wo wohne ich jetzt?',
      },
      {
        id: 'brother',
        text: 'Mein Bruder ist Bäcker in Hamburg und steht jeden Tag um vier Uhr auf.',
        question: 'Was macht mein Bruder beruflich, ist er Baecker?',
      },
      { id: 'birthday', text: 'Mein Geburtstag ist am dritten Oktober.', question: 'Wann ist mein Geburtstag?' },
    ],
    userTalk: [
      'Heute ist schönes Wetter.',
      'Ich bin heute ein bisschen müde.',
      'Kannst du mir ein gutes Buch empfehlen?',
      'Am Wochenende will ich mich ausruhen.',
      'Die Arbeit ist gerade ziemlich stressig.',
      'Ich habe gerade einen Kaffee getrunken.',
      'Heute Abend koche ich etwas Einfaches.',
      'Vielleicht gehe ich morgen joggen.',
      'Die Woche ging schnell vorbei.',
      'Der Sohn meines Freundes heißt Lukas.',
    ],
    assistantTalk: [
      'Das klingt gut!',
      'Alles klar, sag Bescheid, wenn du etwas brauchst.',
      'Ruh dich gut aus.',
      'Verstanden.',
      'Gute Idee.',
      'Einen schönen Tag noch!',
    ],
    longAnswer:
      'Gern, hier ein paar Vorschläge. Erstens hilft ein regelmäßiger Schlafrhythmus: jeden Tag zur gleichen Zeit ins Bett gehen und aufstehen. Zweitens lohnt sich eine ausgewogene Ernährung mit viel Gemüse und Obst und wenig Frittiertem. Drittens tut Bewegung gut, etwa Spazierengehen, Schwimmen oder Radfahren, mindestens dreimal pro Woche. Und schließlich: sprich mit Freunden und Familie, hör Musik oder geh an die frische Luft, wenn der Stress zu groß wird. Ich hoffe, das hilft dir weiter.',
    distractors: [
      'Die Tochter meiner Freundin heißt Lena und ist fünf.',
      'Meine Kollegin ist allergisch gegen Katzenhaare.',
      'Meine Mutter arbeitete früher als Lehrerin.',
      'Der Hund unserer Nachbarn heißt Bello.',
      'Meine Frau kommt ursprünglich aus Leipzig.',
      'Mein Schwager fährt einen schwarzen Audi.',
      'Die Lieblingsband meiner Schwester ist Rammstein.',
      'Meine Eltern wohnen in einem Dorf bei München.',
      'Meine Schwester ist Ärztin in Berlin.',
      'Der Geburtstag meines Sohnes ist am zweiten Mai.',
    ],
  },
  {
    name: 'english+chinese',
    user: 'Kevin',
    facts: [
      { id: 'daughter', text: '我的 daughter 叫 Mia，今年 seven 岁了。', question: '我 daughter 叫什么名字？' },
      {
        id: 'allergy',
        text: '我对 shellfish 过敏，所以从来不吃虾。',
        question: 'What am I allergic to? 我对什么过敏？',
      },
      {
        id: 'job',
        text: '我在 Google 工作，是一个 software engineer，主要写 backend。',
        question: 'Which company do I work for? 我在哪里工作？',
      },
      { id: 'dog', text: 'My dog 叫 Lucky，是一只 golden retriever。', question: "What's my dog's name?" },
      {
        id: 'hometown',
        text: '我的 hometown 是 Vancouver，但是我 parents 是广州人。',
        question: '我的 hometown 在哪里？',
      },
      {
        id: 'band',
        text: '我最喜欢的 band 是 Coldplay，他们的 concert 我去过三次。',
        question: '我最喜欢的 band 是哪个？',
      },
      { id: 'gym', text: '我每天早上六点去 gym 锻炼一个小时。', question: '我每天几点去 gym？' },
      {
        id: 'home',
        earlier: '我现在住在 Toronto downtown，离 office 很近。',
        text: 'We moved last month，现在住在 Seattle 了。',
        question: 'Which city do I live in now? 我现在住在哪里？',
      },
      { id: 'wife', text: 'My wife 是 dentist，在 Richmond 开了一家诊所。', question: '我 wife 是做什么工作的？' },
      { id: 'birthday', text: '我的 birthday 是 June 12。', question: 'When is my birthday?' },
    ],
    userTalk: [
      '今天 weather 真不错。',
      'I am a bit tired today，有点累。',
      'Can you recommend a good book？',
      '这个 weekend 想好好 relax 一下。',
      'Work has been crazy busy 最近。',
      '刚喝完一杯 latte。',
      'Tonight 想做点简单的 dinner。',
      '明天也许去 jogging。',
      'This week 过得好快。',
      'My friend 的儿子叫 Jason。',
    ],
    assistantTalk: [
      'Sounds good! 听起来不错！',
      '好的，let me know if you need anything.',
      'Take care，注意休息。',
      'Got it，明白了。',
      'Nice idea！',
      'Have a great day！',
    ],
    longAnswer:
      'Sure，这里有几个 tips。First，保持规律的 sleep schedule，每天同一时间睡觉和起床。Second，饮食要 balanced，多吃 vegetables 和 fruit，少吃 fried food。Third，每周至少 exercise 三次，比如 walking、swimming 或者 cycling。Finally，多和 friends and family 聊天，压力大的时候听听 music 或者出去走走。Hope this helps！',
    distractors: [
      'My friend 的 daughter 叫 Emma，今年 five 岁。',
      '我 colleague 对 peanuts 过敏。',
      '我 mom 以前在 Microsoft 工作。',
      '邻居的 dog 叫 Max。',
      '我 wife 的 hometown 是 Taipei。',
      '我 brother 最喜欢的 band 是 BTS。',
      '我 sister 每天晚上去 gym。',
      '我 parents 住在 Guangzhou。',
      'My brother 是 lawyer，在 New York 工作。',
      '我 son 的 birthday 是 March 3。',
    ],
  },
];

const SESSIONS = 24;
const TURNS_PER_SESSION = 20;

/** mulberry32: a small seeded generator, so the file is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function conversationOf(language: Language, index: number) {
  const next = random(1000 + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const turns: { session: number; role: 'user' | 'assistant'; text: string }[][] = Array.from(
    { length: SESSIONS },
    (_, s) =>
      Array.from({ length: TURNS_PER_SESSION }, (_, t) => {
        const role = t % 2 === 0 ? 'user' : 'assistant';
        const text =
          role === 'user'
            ? pick(language.userTalk)
            : next() < 0.15
              ? language.longAnswer
              : pick(language.assistantTalk);
        return { session: s, role, text };
      }),
  );
  // Facts go on user turns, earlier statements in the first half, the rest anywhere after them.
  const evidence = new Map<string, string>();
  const used = new Set<string>();
  const place = (text: string, fromSession: number, toSession: number): string => {
    for (;;) {
      const s = fromSession + Math.floor(next() * (toSession - fromSession));
      const t = 2 * Math.floor(next() * (TURNS_PER_SESSION / 2));
      const id = `L${index}S${s}T${t}`;
      if (used.has(id)) continue;
      used.add(id);
      turns[s]![t]!.text = text;
      return id;
    }
  };
  for (const distractor of language.distractors) place(distractor, 0, SESSIONS);
  for (const fact of language.facts) {
    if (fact.earlier) {
      place(fact.earlier, 0, SESSIONS / 2);
      evidence.set(fact.id, place(fact.text, SESSIONS / 2 + 1, SESSIONS));
    } else {
      evidence.set(fact.id, place(fact.text, 0, SESSIONS));
    }
  }
  return {
    id: `multilingual-${language.name}`,
    speakers: { user: language.user, assistant: 'Mnemo' },
    sessions: turns.map((session, s) => ({
      id: `s${s + 1}`,
      started_at: new Date(Date.UTC(2025, 2, 3 + 3 * s, 9)).toISOString().replace('.000Z', 'Z'),
      turns: session.map((turn, t) => ({ id: `L${index}S${s}T${t}`, role: turn.role, text: turn.text })),
    })),
    questions: language.facts.map((fact) => ({
      id: `q-${fact.id}`,
      text: fact.question,
      evidence: [evidence.get(fact.id)!],
      category: language.name,
    })),
  };
}

const dataset = { name: 'multilingual-recall-v1', conversations: LANGUAGES.map(conversationOf) };
writeFileSync(
  new URL('../datasets/multilingual-recall-v1.json', import.meta.url),
  `${JSON.stringify(dataset, null, 1)}\n`,
);
