/* Final inspection form: -/+ counters and the running verdict.
 *
 * The plan's rows (#class-critical, #class-major, #class-minor) carry data-accept and
 * data-reject; each counter input carries data-severity. The lot is accepted while the
 * defects of every class are <= Ac and rejected as soon as one class reaches Re. This is a
 * preview only: the server computes the verdict again from what is submitted.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var form = document.getElementById("final-form");
    if (!form) return;
    var verdict = document.getElementById("live-verdict");
    var defective = form.querySelector("input[name=defective_qty]");
    var sample = parseInt((document.getElementById("plan-sample") || {}).textContent, 10) || 0;
    var defectiveTouched = defective && defective.value !== "";
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-severity]"));
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input.count"));

    function count(input) {
      var n = parseInt(input.value, 10);
      return isNaN(n) || n < 0 ? 0 : n;
    }

    function update() {
      var found = { critical: 0, major: 0, minor: 0 };
      var total = 0;
      inputs.forEach(function (input) {
        var n = count(input);
        found[input.dataset.severity] = (found[input.dataset.severity] || 0) + n;
        total += n;
      });
      var accepted = true;
      rows.forEach(function (row) {
        var severity = row.dataset.severity;
        var ok = (found[severity] || 0) <= parseInt(row.dataset.accept, 10);
        row.classList.toggle("reject", !ok);
        var cell = document.getElementById("found-" + severity);
        if (cell) cell.textContent = String(found[severity] || 0);
        if (!ok) accepted = false;
      });
      verdict.classList.toggle("accept", accepted);
      verdict.classList.toggle("reject", !accepted);
      verdict.textContent = accepted ? verdict.dataset.acceptText : verdict.dataset.rejectText;
      if (defective && !defectiveTouched) {
        defective.value = total ? String(Math.min(total, sample || total)) : "";
      }
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button.step");
      if (!button) return;
      var input = button.parentNode.querySelector("input.count");
      input.value = String(Math.max(0, count(input) + parseInt(button.dataset.step, 10)));
      update();
    });
    form.addEventListener("input", function (event) {
      if (event.target === defective) defectiveTouched = defective.value !== "";
      update();
    });
    update();
  });
})();
