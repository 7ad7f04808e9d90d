/**
 * A calendar invitation (iCalendar, RFC 5545) for one booked call, written by hand: the format
 * is small and a dependency would add more than it saves. METHOD:REQUEST makes mail clients show
 * it as an invitation; a later REQUEST with the same UID and a higher SEQUENCE replaces that event
 * (a moved call), and a CANCEL with them removes it (RFC 5546 3.2.2 and 3.2.5).
 */
export interface InviteDetails {
  uid: string;
  start: Date;
  end: Date;
  /** When the invite was written (DTSTAMP). */
  stamp: Date;
  summary: string;
  description: string;
  organizer: { name?: string; email: string };
  attendee: { email: string };
  location?: string;
  /** 0 for a new booking; higher for each update of the same booking. */
  sequence?: number;
  /** REQUEST (the default) adds or updates the event; CANCEL removes it. */
  method?: 'REQUEST' | 'CANCEL';
}

export function buildInvite(details: InviteDetails): string {
  const method = details.method ?? 'REQUEST';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//PandaDoc//Sarah//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(details.uid)}`,
    `DTSTAMP:${utcStamp(details.stamp)}`,
    `DTSTART:${utcStamp(details.start)}`,
    `DTEND:${utcStamp(details.end)}`,
    `SEQUENCE:${details.sequence ?? 0}`,
    method === 'CANCEL' ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED',
    `SUMMARY:${escapeText(details.summary)}`,
    `DESCRIPTION:${escapeText(details.description)}`,
    ...(details.location ? [`LOCATION:${escapeText(details.location)}`] : []),
    `ORGANIZER${details.organizer.name ? `;CN=${quoteParam(details.organizer.name)}` : ''}:mailto:${details.organizer.email}`,
    method === 'CANCEL'
      ? `ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:${details.attendee.email}`
      : `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${details.attendee.email}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** 20261126T190000Z: UTC, so no time zone definitions are needed in the file. */
export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value in double quotes, which may not contain one itself (RFC 5545 3.2). */
function quoteParam(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

/** Lines longer than 75 octets continue on the next line after CRLF and a space (RFC 5545 3.1). */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // Continuation lines start with a space, which counts toward their 75.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
