// Live progress of a running replication (replications/detail.html): each finished image is added to the table
// as its event arrives; the page reloads at the end. Without JavaScript a refresh shows the current state.
(function () {
  function follow() {
    const live = document.getElementById('replication-live');
    if (!live || !window.EventSource) {
      return;
    }
    const status = document.getElementById('replication-status');
    const bytes = document.getElementById('replication-bytes');
    const rows = document.querySelector('#replication-images tbody');
    const source = new EventSource(live.dataset.events);
    const data = (event) => JSON.parse(event.data);
    const cell = (row, text, code) => {
      const td = document.createElement('td');
      if (code) {
        const c = document.createElement('code');
        c.textContent = text;
        td.appendChild(c);
      } else {
        td.textContent = text;
      }
      row.appendChild(td);
    };

    source.addEventListener('state', (event) => {
      status.textContent = data(event).status;
    });
    source.addEventListener('image', (event) => {
      const i = data(event);
      status.textContent = 'RUNNING';
      const row = document.createElement('tr');
      cell(row, i.outcome, false);
      cell(row, i.repository + ':' + i.tag, true);
      cell(row, i.targetRepository, true);
      cell(row, i.digest || '', true);
      cell(row, String(i.bytesCopied), false);
      cell(row, i.failure ? i.failure.category + ' ' + i.failure.message : '', false);
      rows.appendChild(row);
    });
    source.addEventListener('progress', (event) => {
      bytes.textContent = String(data(event).bytesCopied);
    });
    source.addEventListener('end', () => {
      source.close();
      window.location.reload();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', follow);
  } else {
    follow();
  }
}());
