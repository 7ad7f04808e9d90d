import type { ReactNode } from 'react';

/** The landing copy: who Sarah is and that she is in beta. `children` holds the call to action. */
export function Intro({ children }: { children: ReactNode }) {
  return (
    <section className="intro" aria-labelledby="intro-title">
      <p className="eyebrow">New, and still in beta</p>
      <h1 id="intro-title">Meet Sarah, your guide to the PandaDoc trial</h1>
      <p className="lead">
        Sarah is our new AI assistant. She can answer your questions about PandaDoc, help you get more out of
        your free trial, and book a time for you with someone on our team.
      </p>
      <p>
        She&rsquo;s still learning, so she won&rsquo;t always get things right. If something seems off, please
        tell her or tell us: every bit of feedback helps her improve.
      </p>
      <div className="intro__action">{children}</div>
    </section>
  );
}
