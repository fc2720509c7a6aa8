// The create page's options (issue 9): free previews of the chosen photo in every
// style, the strength slider's value, and "use my own painting". No inline code:
// the CSP allows scripts from our own files only. Without this file the page still
// works: the strength is sent as chosen, and a button shows the previews on a page.
(function () {
  "use strict";
  var form = document.querySelector("[data-create-form]");
  if (!form) return;

  // Strength: show the value as a percentage while the slider moves.
  var strength = form.querySelector("[data-strength]");
  var strengthValue = form.querySelector("[data-strength-value]");
  if (strength && strengthValue) {
    var showStrength = function () {
      strengthValue.textContent = Math.round(parseFloat(strength.value) * 100) + "%";
    };
    strength.addEventListener("input", showStrength);
    showStrength();
  }

  // Own painting: choosing one of yours, or a file, selects "Use my own painting".
  var ownRadio = form.querySelector("[data-own-radio]");
  form.querySelectorAll("[data-own-pick]").forEach(function (el) {
    el.addEventListener("change", function () { if (ownRadio) ownRadio.checked = true; });
  });

  // Previews: upload the photo as soon as it is chosen, then poll until painted.
  var box = form.querySelector("[data-previews]");
  var photo = form.querySelector("input[name=photo]");
  if (!box || !photo) return;
  var grid = box.querySelector("[data-previews-grid]");
  var status = box.querySelector("[data-previews-status]");
  var fallback = box.querySelector("[data-previews-fallback]");
  if (fallback) fallback.hidden = true;
  var token = form.querySelector("input[name=csrf_token]");
  var round = 0;  // a newer photo makes older answers stale

  function say(text) { status.textContent = text; }

  function pick(slug) {
    var radio = form.querySelector("input[name=style][value='" + slug + "']");
    if (radio) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); }
    grid.querySelectorAll("[data-preview-slug]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.previewSlug === slug ? "true" : "false");
    });
  }

  function show(body) {
    grid.textContent = "";
    body.previews.forEach(function (p) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "preview";
      button.dataset.previewSlug = p.slug;
      button.setAttribute("aria-pressed", "false");
      var img = document.createElement("img");
      img.src = p.image;
      img.alt = "Your photo in the style of " + p.title;
      var caption = document.createElement("span");
      caption.textContent = p.title;
      button.appendChild(img);
      button.appendChild(caption);
      button.addEventListener("click", function () { pick(p.slug); });
      grid.appendChild(button);
    });
    say("Your photo in every style, free. Click one to choose it, then press Paint it.");
  }

  function poll(url, mine, tries) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (body) {
        if (mine !== round) return;
        if (body.status === "done") { show(body); return; }
        if (body.status === "failed") { say("The previews could not be made; you can still paint your photo."); return; }
        if (tries > 120) { say("The previews are taking long; you can paint your photo without them."); return; }
        setTimeout(function () { poll(url, mine, tries + 1); }, 1000);
      })
      .catch(function () { if (mine === round) say("The previews could not be loaded."); });
  }

  function request() {
    var file = photo.files && photo.files[0];
    var max = parseInt(photo.dataset.maxBytes || "0", 10);
    round += 1;
    var mine = round;
    grid.textContent = "";
    if (!file || (max && file.size > max)) { say("Choose a photo to see it in every style, free."); return; }
    say("Painting free previews of your photo…");
    var data = new FormData();
    data.append("csrf_token", token ? token.value : "");
    data.append("photo", file);
    var brush = form.querySelector("input[name=brush]:checked");  // previews paint with it too
    if (brush) data.append("brush", brush.value);
    fetch(box.dataset.previewsUrl, { method: "POST", body: data, credentials: "same-origin",
                                     headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 429) throw new Error("You have asked for many previews; try again later.");
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error ? body.error.message : "The previews could not be made.");
          return body;
        });
      })
      .then(function (body) {
        if (mine !== round) return;
        if (body.status === "done") show(body); else poll(body.url, mine, 0);
      })
      .catch(function (e) { if (mine === round) say(e.message || "The previews could not be made."); });
  }

  photo.addEventListener("change", request);
  form.querySelectorAll("input[name=brush]").forEach(function (b) { b.addEventListener("change", request); });
  var zone = form.querySelector("[data-dropzone]");
  if (zone) zone.addEventListener("drop", function () { setTimeout(request, 0); });
})();
