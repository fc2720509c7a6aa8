// Masterpiece mode. On the create page: the masterpiece's settings only when it is
// chosen, the balance slider's value in words, and what the chosen mode costs. On the
// job page: iteration k of N, the bar, and the picture forming, from the status that
// app.js polls. Without this file both pages still work (all fields shown; the job
// page refreshes itself).
(function () {
  "use strict";

  // The words app/main/modes.py balance_word() uses.
  function balanceWord(weight) {
    if (weight < 20) return "closer to your photo";
    if (weight <= 45) return "balanced";
    return weight <= 100 ? "more painting" : "mostly painting";
  }

  var form = document.querySelector("[data-create-form]");
  if (form) {
    var settings = form.querySelector("[data-masterpiece-settings]");
    var modes = form.querySelectorAll("input[name=method]");
    var showMode = function () {
      var chosen = form.querySelector("input[name=method]:checked");
      var mode = chosen ? chosen.value : "fast";
      if (settings) settings.hidden = mode !== "optimise";
      form.querySelectorAll("[data-cost-for]").forEach(function (line) {
        line.hidden = line.dataset.costFor !== mode;
      });
    };
    modes.forEach(function (radio) { radio.addEventListener("change", showMode); });
    showMode();

    var balance = form.querySelector("[data-balance]");
    var balanceValue = form.querySelector("[data-balance-value]");
    if (balance && balanceValue) {
      var showBalance = function () {
        var text = balance.value + ", " + balanceWord(parseFloat(balance.value));
        balanceValue.textContent = text;
        balance.setAttribute("aria-valuetext", text);
      };
      balance.addEventListener("input", showBalance);
      showBalance();
    }
  }

  var job = document.querySelector("[data-job-status-url]");
  var box = document.querySelector("[data-masterpiece]");
  if (!job || !box) return;
  var text = box.querySelector("[data-progress-text]");
  var bar = box.querySelector("[data-progress-bar]");
  var picture = box.querySelector("[data-forming]");
  var stopForm = box.querySelector("[data-stop-form]");
  var stopButton = box.querySelector("[data-stop-button]");
  var message = job.querySelector("[data-job-message]");
  var shownPicture = picture && picture.classList.contains("forming-picture") ? picture.getAttribute("src") : "";

  job.addEventListener("job:status", function (event) {
    var data = event.detail;
    var progress = data.progress;
    if (!progress) return;
    if (text && data.progress_text && text.textContent !== data.progress_text) text.textContent = data.progress_text;
    if (bar) {
      bar.max = Math.max(progress.iterations, 1);
      bar.value = progress.iteration;
      bar.textContent = Math.round(progress.fraction * 100) + "%";
    }
    if (message && data.message && message.textContent !== data.message) message.textContent = data.message;
    if (stopForm) stopForm.hidden = progress.stop_requested;
    if (stopButton) {
      var label = data.status === "running" ? stopButton.dataset.runningLabel : stopButton.dataset.queuedLabel;
      if (label && stopButton.textContent !== label) stopButton.textContent = label;
    }
    // The next picture is loaded aside and shown once it has arrived: no blank frame,
    // and a picture replaced meanwhile (a 404) just waits for the next one.
    if (picture && data.picture && data.picture !== shownPicture) {
      var wanted = shownPicture = data.picture;
      var next = new Image();
      next.onload = function () {
        if (wanted !== shownPicture) return;  // a newer one is on its way
        picture.src = next.src;
        picture.className = "forming-picture";
        picture.alt = "Your masterpiece as it forms, at iteration " + progress.iteration;
      };
      next.src = data.picture;
    }
  });
})();
