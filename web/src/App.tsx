import { useEffect, useRef, useState } from 'react';
import { Capabilities } from './components/Capabilities.js';
import { ChatPanel } from './components/ChatPanel.js';
import { Intro } from './components/Intro.js';
import { SiteFooter } from './components/SiteFooter.js';
import { SiteHeader } from './components/SiteHeader.js';
import { TalkButton } from './components/TalkButton.js';
import { VoicePanel } from './components/VoicePanel.js';
import { useChat } from './useChat.js';
import { VOICE_COPY } from './voice/copy.js';
import { requestVoiceSession } from './voice/session.js';
import { useVoice } from './voice/useVoice.js';

export function App() {
  const chat = useChat();
  const voice = useVoice();
  const [open, setOpen] = useState(false);
  // Why the conversation is text only (voice off, or a call that couldn't go ahead).
  const [notice, setNotice] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);
  const requestingRef = useRef(false);
  // Bumped whenever the user asks to chat, so the message box gets focus after React renders it.
  const [focusRequest, setFocusRequest] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const talkRef = useRef<HTMLButtonElement>(null);
  const endCallRef = useRef<HTMLButtonElement>(null);
  const inCall = voice.state.phase !== null;

  useEffect(() => {
    if (focusRequest > 0) inputRef.current?.focus();
  }, [focusRequest]);

  const startConversation = (sessionId?: string) => {
    chat.start(sessionId);
    setOpen(true);
    setFocusRequest((n) => n + 1);
  };

  // A conversation in progress is kept; otherwise one starts, continuing the call's session if any.
  const continueInChat = (message: string, sessionId?: string) => {
    setNotice(message);
    const active =
      chat.state.status === 'connecting' ||
      chat.state.status === 'connected' ||
      chat.state.status === 'reconnecting';
    if (open && active) setFocusRequest((n) => n + 1);
    else startConversation(sessionId);
  };

  // Voice first when the server offers it; the text chat otherwise, saying why.
  const talk = async () => {
    if (inCall) {
      endCallRef.current?.focus();
      return;
    }
    if (requestingRef.current) return;
    requestingRef.current = true;
    setRequesting(true);
    const result = await requestVoiceSession();
    requestingRef.current = false;
    setRequesting(false);
    if (result.kind === 'unavailable') {
      continueInChat(result.message);
      return;
    }
    const { details } = result;
    voice.start(details, (reason) => continueInChat(VOICE_COPY.fallback[reason], details.sessionId));
  };

  const endCall = () => {
    voice.end();
    talkRef.current?.focus();
  };

  const restart = () => {
    setNotice(null);
    startConversation();
  };

  return (
    <>
      <SiteHeader />
      <main className={open || inCall ? 'layout layout--chat' : 'layout'}>
        <div className="layout__content">
          <Intro>
            <TalkButton onClick={() => void talk()} buttonRef={talkRef} busy={requesting} />
            <p className="intro__hint">You can ask for a person at any time.</p>
          </Intro>
          <Capabilities />
        </div>
        {(open || inCall) && (
          <div className="layout__side">
            {inCall && <VoicePanel voice={{ ...voice, end: endCall }} endRef={endCallRef} />}
            {open && <ChatPanel chat={chat} onRestart={restart} inputRef={inputRef} notice={notice} />}
          </div>
        )}
      </main>
      <SiteFooter />
    </>
  );
}
