export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">PandaDoc</span>
          <span className="brand__divider" aria-hidden="true" />
          <span className="brand__product">Trial help</span>
        </p>
      </div>
    </header>
  );
}
