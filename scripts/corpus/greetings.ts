import type { Scenario } from '../scenarios.js';
import { NOT_CAUGHT, ZONES, scenario, type Rng } from './common.js';

const CATEGORY = 'greetings_identity';
const GREETING = ['\\bAI\\b|assistant', 'beta', 'transcript'];

/** Small talk and identity: a short, on-topic reply, never the generic "didn't catch that". */
const ITEMS: Array<{ turns: string[]; says?: string; last?: string }> = [
  { turns: ['hello'] },
  { turns: ['hi there'] },
  { turns: ['hey sarah how are you'], last: 'good|well|great|fine|thanks' },
  { turns: ['good morning!'] },
  { turns: ['yo'] },
  { turns: ['are you a bot?'], last: '\\bAI\\b|assistant|not a (person|human)|bot' },
  { turns: ['am i talking to a real person'], last: '\\bAI\\b|assistant|not a (person|human)' },
  { turns: ['are you human'], last: '\\bAI\\b|assistant|not a (person|human)' },
  { turns: ['is this chatgpt?'], last: '\\bAI\\b|assistant|Sarah' },
  { turns: ['whats your name'], last: 'Sarah' },
  { turns: ['who am i chatting with'], last: 'Sarah' },
  { turns: ['who made you'], last: 'PandaDoc' },
  { turns: ['who built this bot'], last: 'PandaDoc' },
  { turns: ['nice weather today huh'] },
  { turns: ["how's the weather where you are"] },
  { turns: ['hola, ¿hablas español?'], last: 'English' },
  { turns: ['bonjour, vous parlez français ?'], last: 'English' },
  { turns: ['sprechen sie deutsch'], last: 'English' },
  { turns: ['thanks!'], last: 'welcome|glad|happy|anytime|pleasure|no problem' },
  {
    turns: ['thank you so much, thats all i needed'],
    last: 'welcome|glad|happy|anytime|pleasure|good luck|bye',
  },
  { turns: ['bye'], last: 'bye|thanks|good luck|take care|survey' },
  { turns: ['ok cool, gotta run, bye!'], last: 'bye|thanks|good luck|take care|survey' },
  { turns: ['sure you can keep the transcript'] },
  { turns: ['yes thats fine'] },
  { turns: ["no, please don't keep a transcript"], last: "won't|will not|not keep|no problem|okay|ok" },
  { turns: ['hi', 'how are you doing today?'], last: 'good|well|great|fine|thanks' },
  { turns: ['hello', 'what can you do'], last: 'question|help|call|meeting|document' },
  { turns: ['hey', 'are you a real person or a bot', 'ok cool'], says: '\\bAI\\b|assistant' },
  { turns: ['lol ok'] },
  { turns: ['how old are you'] },
  { turns: ['hi sarah, whats up'] },
];

export function generateGreetings(_rng: Rng): Scenario[] {
  return ITEMS.map((item, i) =>
    scenario(
      CATEGORY,
      `greeting/identity: ${item.turns.map((t) => `"${t}"`).join(' → ')}`,
      item.turns,
      {
        first_agent_matches: GREETING,
        ...(item.says ? { agent_says: [item.says] } : {}),
        ...(item.last ? { last_agent_matches: [item.last] } : {}),
        agent_never_says: [NOT_CAUGHT],
        max_agent_words: 40,
        end: { handoff: false },
      },
      { tz: ZONES[i % ZONES.length] },
    ),
  );
}
