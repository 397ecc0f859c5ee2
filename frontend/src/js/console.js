// Small progressive enhancements. Loaded as a file: the Content-Security-Policy allows no inline script.
document.addEventListener('click', (event) => {
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
