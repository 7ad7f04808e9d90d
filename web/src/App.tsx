import { useEffect, useRef, useState } from 'react';
import { Capabilities } from './components/Capabilities.js';
import { ChatPanel } from './components/ChatPanel.js';
import { Intro } from './components/Intro.js';
import { SiteFooter } from './components/SiteFooter.js';
import { SiteHeader } from './components/SiteHeader.js';
import { TalkButton } from './components/TalkButton.js';
import { useChat } from './useChat.js';

export function App() {
  const chat = useChat();
  const [open, setOpen] = useState(false);
  // Bumped whenever the user asks to chat, so the message box gets focus after React renders it.
  const [focusRequest, setFocusRequest] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest > 0) inputRef.current?.focus();
  }, [focusRequest]);

  const startConversation = () => {
    chat.start();
    setOpen(true);
    setFocusRequest((n) => n + 1);
  };

  // A conversation in progress is kept; otherwise the button starts a new one.
  const talk = () => {
    const active = chat.state.status === 'connecting' || chat.state.status === 'connected';
    if (open && active) setFocusRequest((n) => n + 1);
    else startConversation();
  };

  return (
    <>
      <SiteHeader />
      <main className={open ? 'layout layout--chat' : 'layout'}>
        <div className="layout__content">
          <Intro>
            <TalkButton onClick={talk} />
            <p className="intro__hint">You can ask for a person at any time.</p>
          </Intro>
          <Capabilities />
        </div>
        {open && <ChatPanel chat={chat} onRestart={startConversation} inputRef={inputRef} />}
      </main>
      <SiteFooter />
    </>
  );
}
