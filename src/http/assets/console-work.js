// The console's work pages, enhanced: every page works without this script (see src/http/console/*-pages.ts).
'use strict';

// A cohort import: the bar follows the batch's status until it is done, then the page shows its rows.
const batch = document.querySelector('[data-batch-status]');
if (batch && batch.dataset.batchState === 'running') {
  const bar = batch.querySelector('progress');
  const counts = batch.querySelector('[data-batch-counts]');
  const refresh = batch.querySelector('[data-batch-refresh]');
  if (refresh) refresh.hidden = true;
  const poll = async () => {
    try {
      const response = await fetch(batch.dataset.batchStatus, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.ok) {
        const status = await response.json();
        bar.max = Math.max(status.total, 1);
        bar.value = status.done;
        counts.textContent = status.text;
        if (status.status === 'done') return void location.reload();
      }
    } catch {
      // A dropped request: the next poll tries again.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}

// Issuing a group: one stay after the other, the bar moving as each is done (without the script, the
// server issues them all in one request and shows the same table).
const group = document.querySelector('form[data-group-issue]');
if (group) {
  group.addEventListener('submit', async (event) => {
    const boxes = [...group.querySelectorAll('input[name="stay"]:checked')];
    if (boxes.length === 0) return;
    event.preventDefault();
    const csrf = group.querySelector('input[name="_csrf"]').value;
    const language = group.querySelector('select[name="language"]').value;
    const region = document.createElement('div');
    region.setAttribute('role', 'status');
    region.className = 'group-progress';
    const bar = document.createElement('progress');
    bar.max = boxes.length;
    bar.value = 0;
    bar.setAttribute('aria-label', group.dataset.progressLabel);
    const text = document.createElement('p');
    const list = document.createElement('ul');
    region.append(bar, text, list);
    group.before(region);
    group.querySelector('button[type="submit"]').disabled = true;
    let done = 0;
    for (const box of boxes) {
      const row = box.closest('tr');
      const link = row.querySelector('th a');
      const item = document.createElement('li');
      const name = document.createElement('a');
      name.href = link.href;
      name.textContent = link.textContent;
      item.append(name, ' — ');
      try {
        const response = await fetch(`/console/stays/${encodeURIComponent(box.value)}/credentials`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, language }),
        });
        if (!response.ok) throw new Error(String(response.status));
        const outcome = await response.json();
        item.append(outcome.issued > 0 ? group.dataset.issuedLabel.replace('{n}', String(outcome.issued)) : group.dataset.alreadyLabel);
      } catch {
        item.append(group.dataset.failedLabel);
        item.className = 'field-error';
      }
      list.append(item);
      done += 1;
      bar.value = done;
      text.textContent = `${done} / ${boxes.length}`;
    }
  });
}
