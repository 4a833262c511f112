/* The line station: a USB scanner types a badge or a coupon code and Enter.
 * A badge (employee no., or "W:<no.>") chooses the worker; a coupon records a scan for them
 * through the shared offline-safe queue (scanqueue.js). */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("scan-config").textContent);
  var T = JSON.parse(document.getElementById("scan-strings").textContent);
  var roster = JSON.parse(document.getElementById("station-roster").textContent);
  var format = window.ScanQueue.format;
  var RECENT_MAX = 30;

  config.strings = T;
  var queue = new window.ScanQueue(config);

  function $(id) { return document.getElementById(id); }

  var form = $("station-form");
  var input = $("station-input");
  var feedback = $("feedback");
  var current = $("current-worker");
  var recentList = $("recent");
  var pendingCount = $("pending-count");
  var netStatus = $("net-status");
  var attentionBox = $("attention-box");
  var attentionList = $("attention");

  var workers = {};
  roster.forEach(function (w) { workers[w.code.toUpperCase()] = w; });
  var worker = null;
  var lastId = null;

  function show(tone, title, message) {
    feedback.className = "feedback " + tone;
    feedback.dataset.tone = tone;
    feedback.querySelector(".title").textContent = title || "";
    feedback.querySelector(".message").textContent = message || "";
  }

  function label(status) {
    return status === "queued" ? T.pending : (T[status] || status);
  }

  function row(item, status, message) {
    var li = recentList.querySelector('[data-id="' + item.id + '"]');
    if (li && status === "queued" && li.dataset.status !== "queued") return;
    if (!li) {
      li = document.createElement("li");
      li.dataset.id = item.id;
      li.innerHTML = '<div><strong></strong> <span class="what"></span></div><div class="message"></div>';
      recentList.insertBefore(li, recentList.firstChild);
      while (recentList.children.length > RECENT_MAX) recentList.removeChild(recentList.lastChild);
    }
    li.className = "scan-item " + window.ScanQueue.tone(status);
    li.dataset.status = status;
    li.querySelector("strong").textContent = label(status);
    li.querySelector(".what").textContent =
      item.code + " · " + item.worker + (item.worker_name ? " " + item.worker_name : "");
    li.querySelector(".message").textContent = message || "";
  }

  function choose(found) {
    worker = found;
    current.textContent = found.code + " " + found.name;
    current.classList.add("chosen");
    show("info", format(T.worker_selected, { worker: found.code + " " + found.name }), "");
  }

  function handle(text) {
    var typed = String(text || "").trim();
    if (!typed) return;
    var badge = /^W:/i.test(typed) ? typed.slice(2).trim() : null;
    var found = workers[(badge === null ? typed : badge).toUpperCase()];
    if (found) {
      choose(found);
      return;
    }
    var coupon = badge === null ? window.ScanQueue.parseCoupon(typed) : null;
    if (!coupon) {
      show("error", format(T.unknown_badge, { code: badge === null ? typed : badge }), "");
      return;
    }
    if (!worker) {
      show("error", T.scan_badge_first, "");
      return;
    }
    var code = coupon.bundle + "-" + coupon.operation;
    queue.add({
      bundle: coupon.bundle, operation: coupon.operation, code: code,
      worker: worker.code, worker_name: worker.name,
    }).then(function (item) {
      lastId = item.id;
      row(item, "queued", T.queued);
      show("pending", T.pending + ": " + code, T.queued);
      refreshCounts();
    }, function () {
      show("error", T.storage_failed, "");
    });
  }

  function refreshCounts() {
    queue.count().then(function (n) { pendingCount.textContent = String(n); });
    queue.attention().then(function (items) {
      attentionBox.hidden = items.length === 0;
      attentionList.replaceChildren.apply(attentionList, items.map(function (item) {
        var li = document.createElement("li");
        li.className = "scan-item error";
        li.textContent = item.code + " · " + (item.worker || "") + " — " + item.message;
        var dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "link";
        dismiss.textContent = T.dismiss;
        dismiss.addEventListener("click", function () { queue.dismiss(item.id); });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(dismiss);
        return li;
      }));
    });
  }

  queue.on("change", refreshCounts);
  queue.on("status", function (status) {
    netStatus.textContent = {
      offline: T.offline, syncing: T.syncing, problem: status.message,
    }[status.state] || T.online;
    netStatus.className = "net " + status.state;
  });
  queue.on("results", function (answered) {
    answered.forEach(function (a) {
      row(a.item, a.result.status, a.result.message);
      if (a.item.id === lastId) {
        show(window.ScanQueue.tone(a.result.status), label(a.result.status), a.result.message);
      }
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    handle(text);
  });

  /* The scanner types into whatever has the focus: keep it on the input (only the line
   * chooser may hold the focus while someone uses it). */
  function refocus() {
    setTimeout(function () {
      var active = document.activeElement;
      if (active !== input && !(active && active.tagName === "SELECT")) input.focus();
    }, 100);
  }
  input.addEventListener("blur", refocus);
  document.addEventListener("click", refocus);
  document.addEventListener("visibilitychange", refocus);
  window.addEventListener("focus", refocus);
  input.focus();

  refreshCounts();
  queue.start();
})();
