// A little progressive enhancement; every page works without it.
(function () {
  "use strict";

  // Job page: poll the status and reload once it changes (the meta refresh is the fallback).
  var job = document.querySelector("[data-job-status-url]");
  if (job && job.dataset.jobStatusUrl) {
    var meta = document.querySelector('meta[http-equiv="refresh"]');
    if (meta) meta.remove();
    var message = job.querySelector("[data-job-message]");
    var poll = function () {
      fetch(job.dataset.jobStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return setTimeout(poll, 2000);
          if (data.status === "done" || data.status === "failed") return window.location.reload();
          if (message) message.textContent = data.status === "running" ? "Painting your photo…" : "Waiting for a painter…";
          setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }

  // Create page: preview the chosen photo, accept drops, and catch a too-large file early.
  var input = document.querySelector('input[type=file][data-max-bytes]');
  if (input) {
    var zone = document.querySelector("[data-dropzone]");
    var preview = document.querySelector("[data-photo-preview]");
    var help = document.getElementById("photo-help");
    var original = help ? help.innerHTML : "";
    var show = function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var max = parseInt(input.dataset.maxBytes, 10);
      if (file.size > max) {
        input.setCustomValidity("too large");
        help.innerHTML = '<span class="error">That file is ' + (file.size / 1048576).toFixed(1) +
          " MB; the limit is " + Math.round(max / 1048576) + " MB.</span>";
        preview.hidden = true;
        return;
      }
      input.setCustomValidity("");
      help.innerHTML = original;
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
    };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
    });
    input.form.addEventListener("submit", function (e) {
      if (!input.checkValidity()) { e.preventDefault(); input.focus(); }
    });
  }

  // Destructive forms ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });
})();
