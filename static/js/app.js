// Progressive enhancement: every page works without this file.
(function () {
  "use strict";

  // Before and after: one picture over the other, a range input moves the line.
  document.querySelectorAll("[data-compare]").forEach(function (box) {
    var range = box.querySelector("[data-compare-range]");
    var frame = box.querySelector(".compare-frame");
    if (!range || !frame) return;
    var update = function () {
      frame.style.setProperty("--pos", range.value + "%");
      range.setAttribute("aria-valuetext", range.value + "% original, " + (100 - range.value) + "% painted");
    };
    range.hidden = false;
    box.classList.add("is-sliding");
    range.addEventListener("input", update);
    update();
  });

  // Job page: poll the status, show it, and reload once the job is finished.
  // (Without JavaScript a meta refresh in <noscript> reloads the page.) Each answer is
  // also sent as a "job:status" event, for masterpiece.js to show the picture forming.
  var job = document.querySelector("[data-job-status-url]");
  if (job && job.dataset.jobStatusUrl) {
    var message = job.querySelector("[data-job-message]");
    var badge = job.querySelector("[data-job-badge]");
    var shown = badge ? badge.textContent.toLowerCase() : "";
    var every = parseInt(job.dataset.jobPollMs || "700", 10);
    var delay = every;
    var poll = function () {
      fetch(job.dataset.jobStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { delay = Math.min(delay * 2, 10000); return setTimeout(poll, delay); }
          job.dispatchEvent(new CustomEvent("job:status", { detail: data }));
          if (data.status === "done" || data.status === "failed") return window.location.reload();
          if (data.status !== shown) {
            shown = data.status;
            if (message) message.textContent = data.message;
            if (badge) { badge.textContent = data.status.charAt(0).toUpperCase() + data.status.slice(1); badge.className = "badge badge-" + data.status; }
            job.querySelectorAll("[data-step]").forEach(function (step) {
              var current = step.dataset.step === data.status;
              step.classList.toggle("current", current);
              step.classList.toggle("done", data.status === "running" && step.dataset.step === "queued");
              if (current) step.setAttribute("aria-current", "step"); else step.removeAttribute("aria-current");
            });
          }
          setTimeout(poll, every);
        })
        .catch(function () { delay = Math.min(delay * 2, 10000); setTimeout(poll, delay); });
    };
    setTimeout(poll, 500);
  }

  // Create page: accept drops, preview the photo, catch a too-large file before uploading it.
  var input = document.querySelector("input[type=file][data-max-bytes]");
  if (input) {
    var zone = document.querySelector("[data-dropzone]");
    var preview = document.querySelector("[data-photo-preview]");
    var info = document.querySelector("[data-photo-info]");
    var hint = document.querySelector("[data-drop-hint]");
    var original = info ? info.textContent : "";
    var max = parseInt(input.dataset.maxBytes, 10);
    var mb = function (n) { return (n / 1048576).toFixed(1) + " MB"; };
    if (hint) hint.hidden = false;
    var show = function () {
      var file = input.files && input.files[0];
      preview.hidden = true;
      zone.classList.remove("has-photo");
      if (!file) { input.setCustomValidity(""); info.textContent = original; return; }
      if (file.size > max) {
        input.setCustomValidity("too large");
        input.setAttribute("aria-invalid", "true");
        info.textContent = "";
        var error = document.createElement("span");
        error.className = "error";
        error.textContent = "That file is " + mb(file.size) + "; the limit is " + Math.round(max / 1048576) + " MB. Choose a smaller photo.";
        info.appendChild(error);
        return;
      }
      input.setCustomValidity("");
      input.setAttribute("aria-invalid", "false");
      zone.classList.remove("has-error");
      if (hint) hint.textContent = "Drop another photo here, or";
      info.textContent = file.name + " (" + mb(file.size) + ")";
      if (/^image\//.test(file.type)) {
        if (preview.src) URL.revokeObjectURL(preview.src);
        preview.onload = function () { preview.width = preview.naturalWidth; preview.height = preview.naturalHeight; };
        preview.src = URL.createObjectURL(file);
        preview.hidden = false;
        zone.classList.add("has-photo");
      }
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
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
    });
    input.form.addEventListener("submit", function (e) {
      if (!input.files || !input.files.length) {
        // No photo: say so at the field (announced by its live help text), then focus it.
        e.preventDefault();
        input.setAttribute("aria-invalid", "true");
        zone.classList.add("has-error");
        info.textContent = "";
        var missing = document.createElement("span");
        missing.className = "error";
        missing.textContent = "Choose a photo first: it is the picture that gets painted.";
        info.appendChild(missing);
        zone.scrollIntoView({ block: "center" });
        input.focus({ preventScroll: true });
        return;
      }
      if (!input.checkValidity()) { e.preventDefault(); input.focus(); return; }
      var button = input.form.querySelector("[data-busy-label]");
      if (button && input.files.length) {
        // One upload at a time; disabled a tick later so the button's own value is still sent.
        setTimeout(function () { button.disabled = true; button.value = button.dataset.busyLabel; }, 0);
      }
    });
  }

  // Create page: a masterpiece's price follows the size chosen.
  var sizeSelect = document.querySelector("select[name=size]");
  if (sizeSelect) {
    sizeSelect.addEventListener("change", function () {
      var credits = sizeSelect.selectedOptions[0] && sizeSelect.selectedOptions[0].dataset.credits;
      if (!credits) return;
      document.querySelectorAll("[data-masterpiece-price]").forEach(function (el) { el.textContent = credits; });
    });
  }

  // Destructive forms ask first. A form with a confirm field sends confirm=yes, so
  // the server skips the confirmation page it shows to browsers without JavaScript.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); return; }
      var confirmed = form.querySelector("[data-confirmed]");
      if (confirmed) confirmed.value = "yes";
    });
  });
})();
