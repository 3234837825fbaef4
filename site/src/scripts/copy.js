// Copy buttons on the server pages: the text of the <pre> a button names. The button's own name stays "Copy the …
// configuration", so the outcome is also said in the status region, which screen readers announce.
// Plain JavaScript served as it is (InstallConfigs.astro loads it by URL): server pages render in batches, where
// Astro would add a bundled script to the first page of each batch only.
const status = document.getElementById('copy-status');
const say = (text) => {
  if (!status) return;
  status.textContent = '';
  // A fresh text node each time: the same words twice in a row are announced twice.
  setTimeout(() => {
    status.textContent = text;
  }, 50);
};
for (const button of document.querySelectorAll('button.copy')) {
  const what = (button.getAttribute('aria-label') ?? '').replace(/^Copy /, '');
  const target = () => document.getElementById(button.dataset.copy ?? '');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(target()?.textContent ?? '');
      button.textContent = 'Copied';
      say(`Copied ${what}`);
    } catch {
      const range = document.createRange();
      const pre = target();
      if (pre) range.selectNodeContents(pre);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      button.textContent = 'Selected: press Ctrl+C';
      say(`Selected ${what}: press Ctrl+C to copy it`);
    }
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 2000);
  });
}
