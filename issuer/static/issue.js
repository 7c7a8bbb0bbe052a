// The staff pages' small progressive script (served from 'self', as the
// pages' Content-Security-Policy allows; no inline script). Every page
// works without it: the issue page shows every card type's summary as a
// <details>, and the single-card page's link can be selected and copied
// by hand.
"use strict";
(function () {
  // Issue page: open the summary of the chosen card type, close the rest.
  var select = document.getElementById("card_type");
  var summaries = document.querySelectorAll("details.summary[data-card-type]");
  if (select && summaries.length) {
    var show = function () {
      summaries.forEach(function (d) {
        d.open = d.getAttribute("data-card-type") === select.value;
      });
    };
    select.addEventListener("change", show);
    show();
  }

  // Single-card page: copy the phone link, print the card.
  var tools = document.getElementById("card-tools");
  var copy = document.getElementById("copy-link");
  var print = document.getElementById("print-card");
  var status = document.getElementById("copy-status");
  if (tools && copy && print && status) {
    tools.hidden = false;
    var field = document.getElementById(copy.getAttribute("data-copy"));
    var failed = function () {
      // The link stays selected, so Ctrl+C (or a long press) copies it.
      field.focus();
      field.select();
      status.textContent = copy.getAttribute("data-copy-failed");
    };
    copy.addEventListener("click", function () {
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        failed();
        return;
      }
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = copy.getAttribute("data-copied");
      }, failed);
    });
    print.addEventListener("click", function () {
      window.print();
    });
  }
})();
