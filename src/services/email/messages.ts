import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { buildInvite } from './ics.js';
import type { BookingCancellation, BookingConfirmation, ResourceEmail } from './types.js';

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
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
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

/**
 * Whether Sarah's emails carry the calendar invite. Not when the calendar sends its own (Google
 * Calendar invites the attendee itself): a second invite with another UID would put the call in
 * the trialist's calendar twice.
 */
export interface InviteOptions {
  attachInvite: boolean;
}

export function bookingConfirmationMessage(
  from: string,
  booking: BookingConfirmation,
  now: Date,
  { attachInvite }: InviteOptions = { attachInvite: true },
): OutgoingEmail {
  const start = new Date(booking.startUtc);
  const end = new Date(booking.endUtc);
  const when = spokenTime(start, booking.userTimeZone);
  const withWhom = booking.host ? ` with ${booking.host.name}` : '';
  const moved = booking.change === 'moved';
  const lines = [
    'Hi,',
    '',
    moved
      ? `Your call${withWhom} from PandaDoc sales has moved to ${when}.`
      : `Your call${withWhom} from PandaDoc sales is booked for ${when}.`,
    ...(booking.meetingUrl ? [`Join here: ${booking.meetingUrl}`] : []),
    attachInvite
      ? moved
        ? 'The attached invitation moves it in your calendar.'
        : 'The attached invitation adds it to your calendar.'
      : 'Your calendar invitation comes in a separate email.',
    '',
    'Need another time? Reply to this email or ask Sarah in the chat.',
    SIGNATURE,
  ];
  const message: OutgoingEmail = {
    messageId: messageId(from),
    from,
    to: booking.to,
    subject: moved ? `Your PandaDoc call has moved: ${when}` : `Your PandaDoc call: ${when}`,
    text: lines.join('\n'),
  };
  if (!attachInvite) return message;
  return {
    ...message,
    icalEvent: {
      method: 'REQUEST',
      filename: 'invite.ics',
      content: buildInvite({
        uid: booking.inviteUid ?? booking.bookingId,
        sequence: booking.sequence ?? 0,
        start,
        end,
        stamp: now,
        summary: `PandaDoc call${withWhom}`,
        description: `Your call with PandaDoc sales, booked with Sarah.${booking.meetingUrl ? ` Join: ${booking.meetingUrl}` : ''}`,
        organizer: parseSender(from),
        attendee: { email: booking.to },
        location: booking.meetingUrl,
      }),
    },
  };
}

/** The cancellation of a call booked in a chat: its CANCEL removes the event from the calendar. */
export function bookingCancellationMessage(
  from: string,
  cancellation: BookingCancellation,
  now: Date,
  { attachInvite }: InviteOptions = { attachInvite: true },
): OutgoingEmail {
  const start = new Date(cancellation.startUtc);
  const when = spokenTime(start, cancellation.userTimeZone);
  const message: OutgoingEmail = {
    messageId: messageId(from),
    from,
    to: cancellation.to,
    subject: `Cancelled: your PandaDoc call on ${when}`,
    text: [
      'Hi,',
      '',
      `Your call with PandaDoc sales on ${when} is cancelled, as you asked.`,
      attachInvite
        ? 'The attached update removes it from your calendar.'
        : 'Your calendar gets the cancellation in a separate email.',
      '',
      'Want to talk after all? Reply to this email or ask Sarah for a new time.',
      SIGNATURE,
    ].join('\n'),
  };
  if (!attachInvite) return message;
  return {
    ...message,
    icalEvent: {
      method: 'CANCEL',
      filename: 'cancel.ics',
      content: buildInvite({
        method: 'CANCEL',
        uid: cancellation.inviteUid,
        sequence: cancellation.sequence,
        start,
        end: new Date(cancellation.endUtc),
        stamp: now,
        summary: 'PandaDoc call (cancelled)',
        description: 'This call with PandaDoc sales was cancelled.',
        organizer: parseSender(from),
        attendee: { email: cancellation.to },
      }),
    },
  };
}

/** "Thursday, November 26 at 2:00 PM EST", in the trialist's zone. */
function spokenTime(start: Date, zone: string): string {
  return DateTime.fromJSDate(start).setZone(zone).toFormat("cccc, LLLL d 'at' h:mm a ZZZZ");
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
