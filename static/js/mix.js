// Mix paintings on the create page (issue 20): the chosen paintings' shares always sum
// to 100% (with two paintings one slider moves both), and a free preview of the photo
// in the mix follows the sliders (debounced; the server caches each mix). Without this
// file the form still works: the shares are normalised, a button shows the preview.
(function () {
  "use strict";
  var form = document.querySelector("[data-create-form]");
  var box = form && form.querySelector("[data-mix]");
  if (!box) return;
  var radio = box.querySelector("[data-mix-radio]");
  var rows = Array.prototype.slice.call(box.querySelectorAll("[data-mix-row]"));
  var photo = form.querySelector("input[name=photo]");
  var token = form.querySelector("input[name=csrf_token]");
  var preview = box.querySelector("[data-mix-preview]");
  var status = box.querySelector("[data-mix-status]");
  var fallback = box.querySelector("[data-mix-fallback]");
  if (fallback) fallback.hidden = true;
  var base = null;  // the photo's preview set, once the server has it: the photo is sent once
  var round = 0;    // a newer request makes older answers stale
  var timer = null;

  function select(row) { return row.querySelector("[data-mix-style]"); }
  function range(row) { return row.querySelector("[data-mix-weight]"); }
  function chosen() { return rows.filter(function (r) { return select(r).value; }); }
  function say(text) { status.textContent = text; }

  function show() {
    var on = chosen();
    rows.forEach(function (r) {
      var s = select(r), option = s.options[s.selectedIndex];
      var thumb = r.querySelector("[data-mix-thumb]");
      thumb.hidden = !s.value;
      if (s.value && option.dataset.picture) thumb.src = option.dataset.picture;
      var active = on.indexOf(r) >= 0;
      r.querySelector("[data-mix-share]").textContent = active ? range(r).value + "%" : "";
      // Two paintings: one slider (the first); the second shows its share only.
      range(r).hidden = !active || (on.length === 2 && r === on[1]);
    });
  }

  // Each chosen painting's share is kept unrounded (data-share) so that proportions
  // survive many small moves; the sliders show it rounded, and always sum to 100.
  function share(r) { return r.dataset.share ? parseFloat(r.dataset.share) : parseInt(range(r).value, 10); }

  function settle(rowsInOrder, fixed) {
    var given = fixed ? parseInt(range(fixed).value, 10) : 0;
    rowsInOrder.forEach(function (r, i) {
      var shown = i === rowsInOrder.length - 1 ? 100 - given : Math.round(share(r));
      range(r).value = String(shown);
      given += shown;
    });
  }

  // Give `moved` its value and share the rest among the other chosen paintings,
  // in their present proportions (evenly when they are all at 0).
  function balance(moved) {
    var on = chosen(), others = on.filter(function (r) { return r !== moved; });
    if (on.indexOf(moved) < 0 || !others.length) return;
    moved.dataset.share = range(moved).value;
    var rest = 100 - parseInt(range(moved).value, 10);
    var sum = others.reduce(function (t, r) { return t + share(r); }, 0);
    others.forEach(function (r) {
      r.dataset.share = String(sum > 0 ? share(r) * rest / sum : rest / others.length);
    });
    settle(others, moved);
  }

  function even() {
    var on = chosen();
    rows.forEach(function (r) { if (on.indexOf(r) < 0) { range(r).value = "0"; r.dataset.share = "0"; } });
    on.forEach(function (r) { r.dataset.share = String(100 / on.length); });
    settle(on, null);
  }

  function paint(body, mine, tries) {
    if (mine !== round) return;
    if (body.status === "done" && body.image) {
      preview.src = body.image;
      preview.alt = "Your photo in a mix: " + body.title;
      preview.hidden = false;
      say("Free preview: " + body.title + ".");
      return;
    }
    if (body.status !== "queued") { say("This preview could not be made; you can still paint your photo."); return; }
    if (tries > 120) { say("The preview is taking long; you can paint your photo without it."); return; }
    setTimeout(function () {
      fetch(body.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("The preview could not be loaded."); return r.json(); })
        .then(function (next) { paint(next, mine, tries + 1); })
        .catch(function (e) { if (mine === round) say(e.message); });
    }, 700);
  }

  function request() {
    var file = photo && photo.files && photo.files[0];
    round += 1;
    var mine = round;
    if (!box.open) return;  // only for people who mix: each preview costs a worker a pass
    if (!file) { base = null; say("Choose a photo to see it in this mix, free."); return; }
    if (chosen().length < 2) { say("Choose two or three paintings to mix."); return; }
    var data = new FormData();
    data.append("csrf_token", token ? token.value : "");
    if (base) data.append("base", base); else data.append("photo", file);
    rows.forEach(function (r) {
      data.append(select(r).name, select(r).value);
      data.append(range(r).name, range(r).value);
    });
    say("Painting a free preview of this mix…");
    fetch(box.dataset.mixUrl, { method: "POST", body: data, credentials: "same-origin",
                                headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 429) throw new Error("You have asked for many previews; try again later.");
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error ? body.error.message : "The preview could not be made.");
          return body;
        });
      })
      .then(function (body) { if (mine === round) { base = body.base || base; paint(body, mine, 0); } })
      .catch(function (e) { if (mine === round) say(e.message || "The preview could not be made."); });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(request, 400);
  }

  rows.forEach(function (r) {
    range(r).addEventListener("input", function () {
      balance(r);
      if (radio) radio.checked = true;
      show();
      later();
    });
    select(r).addEventListener("change", function () {
      even();
      if (radio) radio.checked = true;
      show();
      later();
    });
  });
  if (photo) photo.addEventListener("change", function () { base = null; later(); });
  box.addEventListener("toggle", function () { if (box.open) later(); });
  if (chosen().length === 2 || chosen().length === 3) {
    var sum = chosen().reduce(function (t, r) { return t + parseInt(range(r).value, 10); }, 0);
    if (sum !== 100) even();
  }
  show();
})();
