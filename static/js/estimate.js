// Job page, long instant jobs: move the estimated-progress bar with the clock once the
// job is painting (app.js's "job:status" events say when). It stops short of the end:
// only the worker knows when it is done, and app.js reloads the page then.
(function () {
  "use strict";
  var bar = document.querySelector("progress[data-estimate-seconds]");
  var job = document.querySelector("[data-job-status-url]");
  if (!bar || !job) return;
  var estimate = parseFloat(bar.dataset.estimateSeconds);
  var startedAt = bar.dataset.running === "true"
    ? Date.now() - 1000 * parseFloat(bar.dataset.elapsedSeconds) : null;
  job.addEventListener("job:status", function (event) {
    if (startedAt === null && event.detail && event.detail.status === "running") startedAt = Date.now();
  });
  window.setInterval(function () {
    if (startedAt === null) return;
    var seconds = (Date.now() - startedAt) / 1000;
    bar.value = Math.min(seconds, estimate * 0.95);
    bar.textContent = Math.round(seconds) + " of about " + Math.round(estimate) + " seconds";
  }, 250);
})();
