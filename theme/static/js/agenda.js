// The agenda is built once a day, the visitor reads it any time: an event listed as
// upcoming that has ended since the build is marked "ended" in place (its label was in
// the page all along, invisible), so nothing on screen moves.
(function () {
  "use strict";
  var now = Date.now();
  var items = document.querySelectorAll("[data-ends]");
  for (var i = 0; i < items.length; i++) {
    var ends = Date.parse(items[i].getAttribute("data-ends"));
    if (!isNaN(ends) && ends <= now) {
      items[i].classList.add("is-ended");
    }
  }
})();
