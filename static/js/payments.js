// The return from Checkout: poll the payment's status and reload once it is
// settled. Without JavaScript a meta refresh (in <noscript>) does the same.
(function () {
  "use strict";

  var box = document.querySelector("[data-payment-status-url]");
  if (!box || !box.dataset.paymentStatusUrl) return;
  var url = box.dataset.paymentStatusUrl;
  var message = box.querySelector("[data-payment-message]");
  var started = Date.now();
  var LIMIT_MS = 2 * 60 * 1000;

  var poll = function () {
    if (Date.now() - started > LIMIT_MS) {
      if (message) message.textContent = "This is taking longer than usual. Your credits will appear on your account page as soon as the payment is confirmed.";
      return;
    }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.status !== "pending" && data.status !== "processing") return window.location.reload();
        setTimeout(poll, data && data.status === "processing" ? 10000 : 1500);
      })
      .catch(function () { setTimeout(poll, 3000); });
  };
  setTimeout(poll, 1000);
})();
