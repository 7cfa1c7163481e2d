// Header search: product suggestions as you type, in the ARIA 1.2 combobox pattern (an input
// with role="combobox" controlling a listbox popup; arrow keys move, Enter opens, Escape
// closes). Without this script the form still submits to the results page.
(function () {
  "use strict";
  var form = document.querySelector("form.search[data-suggestions]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector('input[name="q"]');
  var list = document.createElement("ul");
  var status = document.createElement("p");
  var options = [];
  var active = -1;
  var timer = null;
  var asked = null;
  var pending = null;

  list.id = "q-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.dataset.listLabel);
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(list);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    select(-1);
  }

  function open() {
    if (!options.length) { return; }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function select(index) {
    active = index;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function go(option) {
    window.location.assign(option.dataset.url);
  }

  function show(suggestions) {
    list.textContent = "";
    options = suggestions.map(function (suggestion, i) {
      var option = document.createElement("li");
      option.id = "q-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = suggestion.url;
      option.textContent = suggestion.name;  // text, never markup
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { go(option); });
      list.appendChild(option);
      return option;
    });
    active = -1;
    status.textContent = options.length ? form.dataset.count.replace("{n}", options.length) : "";
    if (options.length) { open(); } else { close(); }
  }

  function ask() {
    var text = input.value.trim();
    if (text === asked) { return; }
    asked = text;
    if (pending) { pending.abort(); }
    if (text.length < 2) { show([]); return; }
    pending = new AbortController();
    fetch(form.dataset.suggestions + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" }, signal: pending.signal
    }).then(function (response) {
      return response.ok ? response.json() : { suggestions: [] };
    }).then(function (data) {
      if (input.value.trim() === text) { show(data.suggestions || []); }
    }).catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && options.length) {
      open();
      select(active + 1 < options.length ? active + 1 : 0);
      event.preventDefault();
    } else if (event.key === "ArrowUp" && options.length) {
      open();
      select(active > 0 ? active - 1 : options.length - 1);
      event.preventDefault();
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      go(options[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
})();
