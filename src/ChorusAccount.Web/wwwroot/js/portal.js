// One exclusive choice between a whole and its parts (« Rattacher à la structure » or services from « Liste des
// services », guide section 5): a form names both fields in data-exclusive-whole and data-exclusive-parts; ticking one
// side unticks the other. Without JavaScript the portal refuses both with a message next to the list.
document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox' || !box.checked) {
    return;
  }

  const form = box.closest('[data-exclusive-whole][data-exclusive-parts]');
  if (!form) {
    return;
  }

  const { exclusiveWhole: whole, exclusiveParts: parts } = form.dataset;
  const other = box.name === whole ? parts : box.name === parts ? whole : null;
  if (other === null) {
    return;
  }

  for (const input of form.querySelectorAll('input[type="checkbox"]')) {
    if (input.name === other) {
      input.checked = false;
    }
  }
});
