import { useRef, useState } from 'react';

/** Shows the session ID so people can quote it when they report a problem. */
export function SessionId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  const valueRef = useRef<HTMLSpanElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(id);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (e.g. outside HTTPS): select the text so Ctrl+C works.
      const node = valueRef.current;
      const selection = window.getSelection();
      if (node && selection) selection.selectAllChildren(node);
    }
  };

  return (
    <div className="session">
      <p className="session__id" data-testid="session-id">
        Session ID: <span ref={valueRef}>{id}</span>
      </p>
      <button type="button" className="button button--link" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> session ID</span>
      </button>
    </div>
  );
}
