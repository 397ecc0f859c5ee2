// Live progress of a running test pull (pulltests/detail.html), from the page's server-sent events. Without
// JavaScript the page still works: a refresh shows the current state.
(function () {
  function follow() {
    const live = document.getElementById('pull-live');
    if (!live || !window.EventSource) {
      return;
    }
    const status = document.getElementById('pull-status');
    const phase = document.getElementById('pull-phase');
    const progress = document.getElementById('pull-progress');
    const bytes = document.getElementById('pull-bytes');
    const log = document.getElementById('pull-log');
    const blobs = new Map();
    const source = new EventSource(live.dataset.events);
    const data = (event) => JSON.parse(event.data);
    const note = (text) => {
      const item = document.createElement('li');
      item.textContent = text;
      log.appendChild(item);
    };

    // sent on subscribing: the phases before it are not repeated, so say at least where the pull stands
    source.addEventListener('state', (event) => {
      const state = data(event).status;
      status.textContent = state;
      phase.textContent = state === 'QUEUED' ? 'Queued: waiting for a free worker.' : 'Running.';
    });
    source.addEventListener('phase', (event) => {
      const p = data(event);
      status.textContent = 'RUNNING';
      phase.textContent = p.phase + ' ' + p.state + (p.endpoint ? ' at ' + p.endpoint : '')
        + (p.durationMs != null ? ' (' + p.durationMs + ' ms)' : '');
      if (p.failure) {
        note(p.phase + ' failed at ' + p.endpoint + ': ' + p.failure);
      }
    });
    source.addEventListener('progress', (event) => {
      const p = data(event);
      blobs.set(p.digest, p);
      let done = 0;
      let total = 0;
      blobs.forEach((b) => { done += b.bytes; total += Math.max(b.total, b.bytes); });
      progress.max = Math.max(total, 1);
      progress.value = done;
      bytes.textContent = done + ' of ' + total + ' bytes';
    });
    source.addEventListener('attempt', (event) => {
      const a = data(event);
      note('attempt at ' + a.endpoint + ': ' + a.outcome + (a.message ? ' (' + a.message + ')' : ''));
    });
    source.addEventListener('end', () => {
      // the result is on the page once it is loaded again
      source.close();
      window.location.reload();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', follow);
  } else {
    follow();
  }
})();
