// The inspection form on a phone: "+" adds a defect row, "×" removes one, the kind shows
// or hides the inline-only field. Plain script; the form works without it too.
(function () {
  "use strict";
  function ready() {
    var form = document.getElementById("qc-form");
    if (!form) return;
    var list = document.getElementById("qc-defects");
    var template = document.getElementById("qc-defect-template");
    document.getElementById("qc-add").addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      list.appendChild(row);
      var select = row.querySelector("select");
      if (select) select.focus();
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest(".qc-remove");
      if (!button) return;
      var row = button.closest(".qc-defect");
      if (list.children.length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("select").forEach(function (s) { s.value = ""; });
      }
    });
    function showKind() {
      var checked = form.querySelector("input[name=kind]:checked");
      form.dataset.kind = checked ? checked.value : "";
    }
    form.querySelectorAll("input[name=kind]").forEach(function (radio) {
      radio.addEventListener("change", showKind);
    });
    showKind();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
