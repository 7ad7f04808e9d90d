import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { buildInvite } from './ics.js';
import type { BookingConfirmation, ResourceEmail } from './types.js';

/**
 * An email ready for nodemailer, as stored in the outbox: composed once when it is queued, so a
 * retry sends the same message (same Message-ID, same invite) however late it goes out.
 */
export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  icalEvent?: { method: 'REQUEST'; filename: string; content: string };
}

const SIGNATURE = [
  '',
  '--',
  "Sarah, PandaDoc's AI assistant (beta)",
  'Reply to this email to reach a person on our team.',
].join('\n');

export function resourceMessage(from: string, email: ResourceEmail): OutgoingEmail {
  return {
    messageId: messageId(from),
    from,
    to: email.to,
    subject: email.subject,
    text: [
      'Hi,',
      '',
      'Here is the guide you asked about in your chat with Sarah:',
      email.resourceUrl,
      SIGNATURE,
    ].join('\n'),
  };
}

export function bookingConfirmationMessage(
  from: string,
  booking: BookingConfirmation,
  now: Date,
): OutgoingEmail {
  const start = new Date(booking.startUtc);
  const end = new Date(booking.endUtc);
  const when = DateTime.fromJSDate(start)
    .setZone(booking.userTimeZone)
    .toFormat("cccc, LLLL d 'at' h:mm a ZZZZ");
  const withWhom = booking.host ? ` with ${booking.host.name}` : '';
  const lines = [
    'Hi,',
    '',
    `Your call${withWhom} from PandaDoc sales is booked for ${when}.`,
    ...(booking.meetingUrl ? [`Join here: ${booking.meetingUrl}`] : []),
    'The attached invitation adds it to your calendar.',
    '',
    'Need another time? Reply to this email or ask Sarah in the chat.',
    SIGNATURE,
  ];
  const sender = parseSender(from);
  return {
    messageId: messageId(from),
    from,
    to: booking.to,
    subject: `Your PandaDoc call: ${when}`,
    text: lines.join('\n'),
    icalEvent: {
      method: 'REQUEST',
      filename: 'invite.ics',
      content: buildInvite({
        uid: booking.bookingId,
        start,
        end,
        stamp: now,
        summary: `PandaDoc call${withWhom}`,
        description: `Your call with PandaDoc sales, booked with Sarah.${booking.meetingUrl ? ` Join: ${booking.meetingUrl}` : ''}`,
        organizer: sender,
        attendee: { email: booking.to },
        location: booking.meetingUrl,
      }),
    },
  };
}

/** "Sarah at PandaDoc <sarah@example.com>" → name and address; a bare address has no name. */
export function parseSender(from: string): { name?: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  if (!match) return { email: from.trim() };
  const name = match[1]?.trim();
  return { ...(name ? { name } : {}), email: match[2]! };
}

/** A Message-ID on the sender's own domain, fixed when the email is queued. */
function messageId(from: string): string {
  const domain = parseSender(from).email.split('@')[1] ?? 'sarah.local';
  return `<${randomUUID()}@${domain}>`;
}
