// Small progressive enhancements. Loaded as a file: the Content-Security-Policy allows no inline script.
// Marks that scripts run, so the small-screen nav can start collapsed (without scripts it stays open).
document.documentElement.classList.add('js');
document.addEventListener('click', (event) => {
  const toggle = event.target.closest('.nav-toggle');
  if (toggle) {
    const nav = document.getElementById(toggle.getAttribute('aria-controls'));
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  }
  const copy = event.target.closest('[data-copy]');
  if (copy) {
    const field = document.getElementById(copy.dataset.copy);
    if (field && navigator.clipboard) {
      navigator.clipboard.writeText(field.value !== undefined ? field.value : field.textContent).then(() => { copy.textContent = 'Copied'; });
    } else if (field && field.select) {
      field.select();
    }
  }
  const confirmed = event.target.closest('[data-confirm]');
  if (confirmed && !window.confirm(confirmed.dataset.confirm)) {
    event.preventDefault();
  }
});

// A table or box that scrolls sideways (small screens) must be reachable by keyboard to scroll it.
function markScrollRegions() {
  document.querySelectorAll('table, .table-box, pre').forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute('tabindex', '0');
    } else if (box.getAttribute('tabindex') === '0') {
      box.removeAttribute('tabindex');
    }
  });
}
document.addEventListener('DOMContentLoaded', markScrollRegions);
window.addEventListener('resize', markScrollRegions);
document.addEventListener('htmx:afterSettle', markScrollRegions);
