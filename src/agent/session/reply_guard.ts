import { ReadableStream, TransformStream, type TransformStreamDefaultController } from 'node:stream/web';
import type { llm } from '@livekit/agents';
import { replyProblem, type ReplyProblem, type ReplyReferences } from './reply_policy.js';

/** A sentence ends at . ! or ? followed by space or the end ("$1.50" and "pandadoc.com" do not). */
const SENTENCE_END = /[.!?]["')\]]*(?=\s|$)/;

/**
 * Checks a reply sentence by sentence as the model streams it, and replaces a sentence that breaks
 * a reply policy (reply_policy.ts) before anyone reads or hears it. Sentences are the unit because
 * speech is synthesised a sentence at a time anyway, so holding one back costs no audible delay.
 * Tool calls and everything that is not text pass through unchanged, after any text before them.
 */
export function guardReplyStream<T extends llm.ChatChunk | string>(
  stream: ReadableStream<T>,
  references: () => ReplyReferences,
  replace: (problem: ReplyProblem, sentence: string) => string,
): ReadableStream<T | llm.ChatChunk> {
  let pending = '';
  let lastId = 'guarded';
  const checked = (sentence: string): string => {
    const problem = replyProblem(sentence, references());
    return problem ? replace(problem, sentence) : sentence;
  };
  const textChunk = (content: string): llm.ChatChunk => ({
    id: lastId,
    delta: { role: 'assistant', content },
  });
  /** Every whole sentence in the buffer, checked; the unfinished tail stays. */
  const drain = (controller: TransformStreamDefaultController<T | llm.ChatChunk>, all: boolean) => {
    for (;;) {
      const end = SENTENCE_END.exec(pending);
      if (!end) break;
      const cut = end.index + end[0].length;
      const spaces = /^\s*/.exec(pending.slice(cut))![0].length;
      const sentence = pending.slice(0, cut);
      controller.enqueue(textChunk(checked(sentence) + pending.slice(cut, cut + spaces)));
      pending = pending.slice(cut + spaces);
    }
    if (all && pending.trim()) {
      controller.enqueue(textChunk(checked(pending)));
      pending = '';
    }
  };
  return stream.pipeThrough(
    new TransformStream<T, T | llm.ChatChunk>({
      transform(item, controller) {
        if (typeof item === 'string') {
          pending += item;
          return drain(controller, false);
        }
        lastId = item.id;
        const content = item.delta?.content;
        if (content) {
          pending += content;
          drain(controller, false);
        }
        const rest = item.delta?.toolCalls?.length || item.usage;
        if (rest) {
          // Text said before a tool call goes out before it.
          drain(controller, true);
          const chunk = item as llm.ChatChunk;
          controller.enqueue({ ...chunk, delta: chunk.delta && { ...chunk.delta, content: undefined } });
        }
      },
      flush(controller) {
        drain(controller, true);
      },
    }),
  );
}
