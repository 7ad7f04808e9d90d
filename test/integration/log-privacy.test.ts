import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, installFrameworkLogger } from '../../src/observability/logger.js';
import { guardCalendar } from '../../src/resilience/guarded_services.js';
import type { CalendarService } from '../../src/services/calendar/types.js';
import { talk } from '../support/app.js';
import { scanBeforeClose } from '../support/pii_scan.js';

/** Every line the app logs during a conversation full of personal data, at debug level. */
describe('logs carry no personal data', () => {
  it('redacts emails, names and what the user typed, even inside error messages', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('debug', sink);
    installFrameworkLogger(logger, 'debug');
    const app = scanBeforeClose(await createApp(loadConfig({}), logger, { sqlitePath: ':memory:' }));
    // A calendar that fails quoting the attendee, as a real client error might.
    const leakyCalendar: CalendarService = {
      findSlots: (request) => app.services.calendar.findSlots(request),
      book: (request) =>
        Promise.reject(new Error(`cannot invite ${request.attendeeEmail} (+1 415 555 0100)`)),
      cancel: (id) => app.services.calendar.cancel(id),
      updateAttendee: (id, email) => app.services.calendar.updateAttendee(id, email),
    };
    const t = await talk(app, { services: { calendar: guardCalendar(leakyCalendar, app.guards.calendar) } });
    await t.say('Yes, keep a transcript. I am Priya Raman, we are 20 people on HubSpot');
    await t.say('Yes please');
    await t.say('the first one');
    await t.say('priya.raman@example.com');
    await t.say('yes');
    expect(t.lastReply()).toMatch(/scheduling tool/i);
    await t.conversation.end('test');
    await app.close();

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(0);
    expect(log).toMatch(/booking failed/);
    expect(log).not.toMatch(/priya/i);
    expect(log).not.toMatch(/415 555/);
    expect(log).not.toMatch(/HubSpot/);
  });
});
