// Videos. On the create page: the chosen clip's price, from its length read in the
// browser (nothing is uploaded for it). On the job page: frame k of N, the bar and the
// latest painted frame, from the status that app.js polls. Without this file both pages
// still work (the price rule is written out; the job page refreshes itself).
(function () {
  "use strict";

  var form = document.querySelector("[data-video-form]");
  if (form) {
    var input = form.querySelector("[data-video-input]");
    var price = form.querySelector("[data-video-price]");
    var per = parseInt(form.dataset.secondsPerCredit, 10);
    var most = parseInt(form.dataset.maxSeconds, 10);
    var balance = parseInt(form.dataset.balance, 10);
    input.addEventListener("change", function () {
      price.textContent = "";
      var file = input.files && input.files[0];
      if (!file) return;
      var probe = document.createElement("video");
      probe.preload = "metadata";
      probe.onloadedmetadata = function () {
        var seconds = probe.duration;
        URL.revokeObjectURL(probe.src);
        if (!isFinite(seconds)) return;
        if (seconds > most + 0.05) {
          price.textContent = "This clip is " + seconds.toFixed(1) + " s long; the limit is " + most + " s.";
          return;
        }
        var cost = Math.max(1, Math.ceil(Math.round(seconds * 100) / 100 / per));
        price.textContent = seconds.toFixed(1) + " s: uses " + cost + " of your " + balance +
          " credit" + (balance === 1 ? "" : "s") + (cost > balance ? " (not enough: buy a pack on your account page)." : ".");
      };
      probe.src = URL.createObjectURL(file);
    });
  }

  var job = document.querySelector("[data-job-status-url]");
  var box = document.querySelector("[data-video-live]");
  if (!job || !box) return;
  var text = box.querySelector("[data-progress-text]");
  var bar = box.querySelector("[data-progress-bar]");
  var picture = box.querySelector("[data-forming]");
  var shown = picture.getAttribute("src") || "";
  job.addEventListener("job:status", function (event) {
    var data = event.detail, progress = data.progress;
    if (!progress || progress.frames === undefined) return;
    if (text && data.progress_text) text.textContent = data.progress_text;
    bar.max = Math.max(progress.frames, 1);
    bar.value = progress.frame;
    bar.textContent = Math.round(progress.fraction * 100) + "%";
    if (data.picture && data.picture !== shown) {
      var wanted = shown = data.picture, next = new Image();
      next.onload = function () {
        if (wanted !== shown) return;
        picture.src = next.src;
        picture.hidden = false;
      };
      next.src = data.picture;
    }
  });
})();
