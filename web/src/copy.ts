/**
 * Every user-facing line of the web page lives here, so product and support can review
 * the page's voice in one place. Rules (same as the server's copy): short, warm, plain,
 * never the word "error", and always a next step.
 */
export const UI_COPY = {
  status: {
    idle: 'Not connected',
    connecting: 'Connecting to Sarah…',
    connected: 'Connected',
    lost: 'Connection lost',
    reconnecting: 'Reconnecting…',
    ended: 'Conversation ended',
  },
  typing: 'Sarah is typing…',
  reconnecting: 'The connection dropped. Reconnecting, and Sarah will pick up where you left off…',
  lost: "We lost the connection to Sarah. Sorry about that! You can start a new conversation whenever you're ready.",
  endedWithoutSession:
    'This conversation was closed before it started. You can start again whenever you like.',
  conversationEnded: 'This conversation has ended.',
  handoff:
    "A member of our team will follow up with you personally. Sarah has passed along what you shared, so you won't need to repeat yourself.",
  genericNotice: "Something didn't go through on our side. Please try that again, or ask for a person.",
  feedback: {
    heading: 'Thanks for chatting with Sarah',
    intro: 'One quick question before you go. It really helps her get better.',
    missingScore: 'Please choose a number from 0 to 10 first.',
    sending: 'Sending your feedback…',
    failed:
      "Sorry, we couldn't send your feedback just now. Your answers are still here, so please try again in a moment.",
    thanks: 'Thank you for your feedback! It helps Sarah get better.',
    closed:
      'This survey has closed, but thank you for wanting to share. Start a new chat with Sarah any time, and the survey will be waiting at the end.',
  },
} as const;
