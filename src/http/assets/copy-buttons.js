// "Copy" buttons of the console and the learner space: every page works without this script (the link is
// in a readonly field, to select and copy by hand).
'use strict';

// "Copy the link" buttons: shown only where the script runs, since copying needs it.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const input = document.getElementById(button.dataset.copy);
  if (!input || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(input.value);
    const label = button.textContent;
    button.textContent = button.dataset.copied;
    setTimeout(() => (button.textContent = label), 2000);
  });
}
