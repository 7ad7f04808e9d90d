import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import type { KnowledgeArticle } from './types.js';

const frontMatterSchema = z.object({
  title: z.string().min(1),
  category: z.string().min(1),
  url: z.url(),
  keywords: z.array(z.string()).default([]),
});

/** Reads every markdown article in `dir`; a malformed one stops start-up with its file name. */
export async function loadCorpus(dir: string): Promise<KnowledgeArticle[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(path.join(dir, file), 'utf8');
      const { data, content } = matter(raw);
      const meta = frontMatterSchema.safeParse(data);
      if (!meta.success) {
        throw new Error(`knowledge/${file}: bad front matter (${meta.error.issues.map((i) => i.path.join('.')).join(', ')})`);
      }
      const paragraphs = content
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter((p) => p && !p.startsWith('#'));
      const summary = paragraphs[0] ?? meta.data.title;
      return { id: file.replace(/\.md$/, ''), ...meta.data, summary, body: content };
    }),
  );
}
