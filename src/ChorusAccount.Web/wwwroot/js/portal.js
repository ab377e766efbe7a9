// The portal's pages work without JavaScript; this file only eases them.

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

// Windows (DSFR modals) over pages that work without JavaScript.
// A link `data-opens-window="ID"` leads to a page holding the same form as the window ID: it becomes the window's button
// (opened at once with `data-window-opened="true"`, when the form was refused and comes back with its errors).
for (const link of document.querySelectorAll('a[data-opens-window]')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.id = link.id;
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute('aria-controls', link.dataset.opensWindow);
  button.dataset.frOpened = link.dataset.windowOpened === 'true' ? 'true' : 'false';
  link.replaceWith(button);
}

// A deletion's confirmation (guide 5, 4/4: « une fenêtre s'affiche »): a link or a submit button `data-confirm-window`
// leads to a confirmation page; its content (`data-confirm-content`) is shown in the window #confirm-window instead, its
// form posted from there. Anything else the page answers (nothing ticked…) is shown as a page.
const confirmWindow = document.getElementById('confirm-window');

function confirmationUrl(trigger) {
  if (trigger instanceof HTMLAnchorElement) {
    return trigger.href;
  }

  // formAction is the page's own address when the button has no formaction of its own.
  const url = new URL(trigger.hasAttribute('formaction') ? trigger.formAction : trigger.form.action);
  url.search = new URLSearchParams(new FormData(trigger.form)).toString();
  return url.href;
}

async function openConfirmation(url) {
  let page = null;
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (response.ok && !response.redirected) {
      page = new DOMParser().parseFromString(await response.text(), 'text/html');
    }
  } catch {
    page = null;
  }

  const content = page?.querySelector('[data-confirm-content]');
  if (!content) {
    window.location.assign(url);
    return;
  }

  document.getElementById('confirm-window-title').textContent = page.querySelector('h1')?.textContent ?? '';
  const body = confirmWindow.querySelector('.fr-modal__content');
  for (const old of body.querySelectorAll('[data-confirm-content]')) {
    old.remove();
  }

  body.append(document.adoptNode(content));
  window.dsfr(confirmWindow).modal.disclose();
}

if (confirmWindow) {
  document.addEventListener('click', (event) => {
    const cancel = event.target instanceof Element ? event.target.closest('#confirm-window [data-window-cancel]') : null;
    if (cancel) {
      event.preventDefault();
      window.dsfr(confirmWindow).modal.conceal();
      return;
    }

    const trigger = event.target instanceof Element ? event.target.closest('a[data-confirm-window], button[data-confirm-window]') : null;
    if (!trigger || !window.dsfr) {
      return;
    }

    event.preventDefault();
    openConfirmation(confirmationUrl(trigger));
  });
}
