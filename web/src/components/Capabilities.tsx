const CAN = [
  'Answer questions about PandaDoc features and setup',
  'Suggest next steps to get the most from your trial',
  'Estimate how much time PandaDoc could save your team',
  'Book a call with one of our product specialists',
];

const CANNOT = [
  'Change your plan, billing or payments',
  'Give legal advice',
  "Offer discounts or promise features that aren't released yet",
];

/** Sets honest expectations before anyone starts chatting. */
export function Capabilities() {
  return (
    <section className="capabilities" aria-labelledby="capabilities-title">
      <h2 id="capabilities-title">What Sarah can and can&rsquo;t do</h2>
      <div className="capabilities__grid">
        <div className="card">
          <h3>She can</h3>
          <ul className="checklist checklist--can">
            {CAN.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h3>She can&rsquo;t</h3>
          <ul className="checklist checklist--cannot">
            {CANNOT.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      </div>
      <p className="capabilities__note">
        <strong>Prefer a person?</strong> Just ask. Sarah will hand you over to a teammate along with what
        you&rsquo;ve told her, so you won&rsquo;t have to repeat yourself.
      </p>
    </section>
  );
}
