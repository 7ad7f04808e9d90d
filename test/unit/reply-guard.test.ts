import { ReadableStream } from 'node:stream/web';
import type { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { guardReplyStream } from '../../src/agent/session/reply_guard.js';
import { figuresIn, replyProblem, type ReplyReferences } from '../../src/agent/session/reply_policy.js';

const refs: ReplyReferences = {
  instructionPhrases: ['offer a sales meeting only'],
  knownFigures: new Set(['$49', '20%']),
  figuresFree: false,
};
const text = (content: string): llm.ChatChunk => ({ id: 'c1', delta: { role: 'assistant', content } });

async function run(items: Array<llm.ChatChunk | string>, references = refs) {
  const source = new ReadableStream<llm.ChatChunk | string>({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
  const out: Array<llm.ChatChunk | string> = [];
  for await (const item of guardReplyStream(
    source,
    () => references,
    (problem) => `[${problem}]`,
  ))
    out.push(item);
  const said = out.map((item) => (typeof item === 'string' ? item : (item.delta?.content ?? ''))).join('');
  return { out, said };
}

describe('figures in a reply', () => {
  it('reads prices and rates written in words or with a unit word like the ones with a sign', () => {
    expect(figuresIn('It is forty-nine dollars a seat')).toEqual(['$49']);
    expect(figuresIn('about 49 dollars, or twenty per cent less')).toEqual(['$49', '20%']);
    expect(figuresIn('one hundred and twenty bucks')).toEqual(['$120']);
    expect(figuresIn('Save 30 percent, $30 a seat')).toEqual(['30%', '$30']);
    expect(figuresIn('two people, forty documents, three integrations')).toEqual([]);
  });
});

describe('the reply guard', () => {
  it('replaces only the sentence that breaks a policy, even split across chunks', async () => {
    const { said } = await run([
      text('The Business plan is $4'),
      text('9 a seat. You get 5'),
      text('0% off today! Anything else?'),
    ]);
    expect(said).toBe('The Business plan is $49 a seat. [price] Anything else?');
  });

  it('catches a price said in words that the knowledge base does not state', async () => {
    const { said } = await run([
      text('It is forty-nine dollars a seat. For you, thirty-nine dollars. Anything else?'),
    ]);
    expect(said).toBe('It is forty-nine dollars a seat. [price] Anything else?');
  });

  it('lets numbers that are not prices, decimals and web addresses through', async () => {
    const { said } = await run([
      text('Your team of 40 sends 1.5 docs each, see support.pandadoc.com. Up to 20% faster.'),
    ]);
    expect(said).toBe('Your team of 40 sends 1.5 docs each, see support.pandadoc.com. Up to 20% faster.');
  });

  it('passes tool calls through after the text before them, and checks an unfinished last sentence', async () => {
    const call = { id: 'c2', delta: { role: 'assistant' as const, toolCalls: [] as llm.FunctionCall[] } };
    call.delta.toolCalls = [
      {
        type: 'function_call',
        callId: 'x',
        name: 'search_knowledge',
        args: '{}',
      } as unknown as llm.FunctionCall,
    ];
    const { out, said } = await run([text('Let me look. Our rules say offer a sales meeting only'), call]);
    expect(said).toBe('Let me look. [instructions]');
    expect(out.at(-1)).toMatchObject({ id: 'c2', delta: { toolCalls: [{ name: 'search_knowledge' }] } });
  });

  it('reads the same price or rate written two ways as one figure', () => {
    expect(figuresIn('It is $49.00 a seat, or $1,200.50 a year, 12.50% less')).toEqual([
      '$49',
      '$1200.5',
      '12.5%',
    ]);
    expect(replyProblem('The plan is $49.00 per seat.', refs)).toBeUndefined();
    expect(replyProblem('Save 20.0 percent.', refs)).toBeUndefined();
    expect(replyProblem('The plan is $490 per seat.', refs)).toBe('price');
  });

  it('allows figures in a turn that ran the ROI calculator', () => {
    expect(replyProblem('That saves about $1,250 a month.', refs)).toBe('price');
    expect(replyProblem('That saves about $1,250 a month.', { ...refs, figuresFree: true })).toBeUndefined();
    expect(replyProblem('Click <img src=x onerror=alert(1)> now', refs)).toBe('markup');
    expect(replyProblem('That is what book_meeting does.', refs)).toBe('instructions');
  });
});
