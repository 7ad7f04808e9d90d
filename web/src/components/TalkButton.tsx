import { useEffect, useId, useState, type Ref } from 'react';

/**
 * The main call to action. The "Beta" badge is hidden from assistive tech so the
 * accessible name stays exactly "Talk to Sarah"; the tooltip (its description) says why it's beta.
 */
export function TalkButton({
  onClick,
  buttonRef,
  busy = false,
}: {
  onClick: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
  /** While the page asks the server about voice; the button stays focusable. */
  busy?: boolean;
}) {
  const tooltipId = useId();
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const visible = (hovered || focused) && !dismissed;

  // WCAG 1.4.13: a tooltip must be dismissible with Escape without moving focus or the pointer.
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setDismissed(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [visible]);

  return (
    <span
      className="talk"
      // Hover covers the tooltip too, so people can move the pointer onto it to read it.
      onMouseEnter={() => {
        setHovered(true);
        setDismissed(false);
      }}
      onMouseLeave={() => setHovered(false)}
    >
      <button
        type="button"
        className="button button--primary button--large"
        aria-describedby={tooltipId}
        aria-busy={busy || undefined}
        ref={buttonRef}
        onClick={onClick}
        onFocus={() => {
          setFocused(true);
          setDismissed(false);
        }}
        onBlur={() => setFocused(false)}
      >
        Talk to Sarah{' '}
        <span className="badge badge--on-accent" aria-hidden="true">
          Beta
        </span>
      </button>
      <span role="tooltip" id={tooltipId} className="tooltip" hidden={!visible}>
        Beta: Sarah is an AI assistant and may get things wrong. A person from our team can take over at any
        time.
      </span>
    </span>
  );
}
