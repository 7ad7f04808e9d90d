export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>
        Sarah is an AI assistant in beta and can make mistakes. Please double-check anything important, like
        plan details, with our team.
      </p>
      <p>Prefer a person? Just ask Sarah at any point in the conversation.</p>
    </footer>
  );
}
