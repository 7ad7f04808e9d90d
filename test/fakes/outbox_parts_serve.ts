/**
 * Runs local stand-ins for the three outbox parts, to try them by hand with `npm start`:
 *
 *   npx tsx test/fakes/outbox_parts_serve.ts     # prints the variables to export
 *
 * Amplitude's HTTP V2 API on :4020, an SMTP server on :2525 and a CRM webhook receiver on :4021.
 * Each prints one line per event, email or notice it receives (no bodies: they hold addresses).
 * FAKE_PARTS_FAULT=down|500|429 makes Amplitude and the webhook fail the next 5 requests, to watch
 * the outbox keep rows and send them afterwards.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { FAKE_AMPLITUDE_KEY, startFakeAmplitude } from './amplitude.js';
import { startWebhookReceiver } from './webhook_receiver.js';

const WEBHOOK_SECRET = 'local-webhook-secret-0123456789';

const amplitude = await startFakeAmplitude(FAKE_AMPLITUDE_KEY, { port: 4020 });
const webhook = await startWebhookReceiver(WEBHOOK_SECRET, { port: 4021 });
const fault = process.env.FAKE_PARTS_FAULT;
if (fault === '500' || fault === '429') {
  const status = Number(fault) as 500 | 429;
  amplitude.fail(...Array.from({ length: 5 }, () => ({ status, retryAfterS: 5 })));
  webhook.fail(...Array.from({ length: 5 }, () => ({ status, retryAfter: '5' })));
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const files = mail.attachments.map((a) => a.filename ?? a.contentType).join(', ');
        console.log(`smtp      "${mail.subject ?? ''}"${files ? ` with ${files}` : ''}`);
        callback();
      })
      .catch(callback);
  },
});
await new Promise<void>((resolve) => smtp.listen(2525, '127.0.0.1', () => resolve()));
const smtpPort = (smtp.server.address() as AddressInfo).port;

let seenEvents = 0;
let seenNotices = 0;
setInterval(() => {
  for (const event of amplitude.ingested.slice(seenEvents)) console.log(`amplitude ${event.event_type}`);
  seenEvents = amplitude.ingested.length;
  for (const notice of webhook.processed.slice(seenNotices))
    console.log(`webhook   ${String(notice.type)} (${String(notice.reason)})`);
  seenNotices = webhook.processed.length;
}, 500).unref();

if (fault === 'down') {
  await amplitude.down();
  await webhook.down();
  setTimeout(
    () => void Promise.all([amplitude.up(), webhook.up()]).then(() => console.log('back up')),
    30_000,
  );
  console.log('Amplitude and the webhook are down for 30 s');
}

console.log(`export AMPLITUDE_API_KEY=${FAKE_AMPLITUDE_KEY} AMPLITUDE_SERVER_URL=${amplitude.url} ANALYTICS_SALT=local-analytics-salt-0123
export SMTP_URL=smtp://127.0.0.1:${smtpPort} EMAIL_FROM='Sarah at PandaDoc <sarah@localhost.test>'
export HANDOFF_WEBHOOK_URL=${webhook.url} HANDOFF_WEBHOOK_SECRET=${WEBHOOK_SECRET}
# Ctrl-C stops the fakes`);

process.on('SIGINT', () => {
  void Promise.all([
    amplitude.close(),
    webhook.close(),
    new Promise((r) => smtp.close(() => r(undefined))),
  ]).then(() => process.exit(0));
});
