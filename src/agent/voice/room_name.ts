/** One LiveKit room per conversation, named after its session so the call and its records match. */
const PREFIX = 'sarah-';

export function roomForSession(sessionId: string): string {
  return `${PREFIX}${sessionId}`;
}

/** The session a room belongs to; a room named some other way (a dev room) is its own session. */
export function sessionForRoom(room: string): string {
  return room.startsWith(PREFIX) ? room.slice(PREFIX.length) : room;
}
