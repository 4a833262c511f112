/* The phone app: scan coupons with the camera or type their code; works offline.
 * Needs scanqueue.js. Every word shown comes from the page's translated strings. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("scan-config").textContent);
  var T = JSON.parse(document.getElementById("scan-strings").textContent);
  var format = window.ScanQueue.format;
  var RECENT_MAX = 20;
  var SAME_CODE_MS = 4000;

  if ("serviceWorker" in navigator && config.swUrl) {
    navigator.serviceWorker.register(config.swUrl, { scope: config.scope }).catch(function () {
      /* no offline start, everything else still works */
    });
  }

  var app = document.getElementById("scan-app");
  if (!app || app.dataset.blocked === "true") return;

  config.strings = T;
  var queue = new window.ScanQueue(config);

  function $(id) { return document.getElementById(id); }

  var pendingCount = $("pending-count");
  var netStatus = $("net-status");
  var note = $("scan-note");
  var form = $("code-form");
  var input = $("code-input");
  var picker = $("worker-select");
  var resultsList = $("results");
  var attentionBox = $("attention-box");
  var attentionList = $("attention");
  var recent = [];

  function label(status) {
    return status === "queued" ? T.pending : (T[status] || status);
  }

  function say(text, tone) {
    note.textContent = text || "";
    note.className = "scan-note" + (tone ? " " + tone : "");
  }

  function entry(row, extra) {
    var li = document.createElement("li");
    li.className = "scan-item " + window.ScanQueue.tone(row.status);
    li.dataset.id = row.id;
    li.dataset.status = row.status;
    var head = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = label(row.status);
    head.appendChild(strong);
    var what = document.createElement("span");
    what.className = "what";
    what.textContent = row.code + (row.worker ? " · " + row.worker : "");
    head.appendChild(what);
    li.appendChild(head);
    if (row.message) {
      var message = document.createElement("div");
      message.className = "message";
      message.textContent = row.message;
      li.appendChild(message);
    }
    if (extra) li.appendChild(extra);
    return li;
  }

  function renderRecent() {
    resultsList.replaceChildren.apply(resultsList, recent.map(function (row) {
      return entry(row);
    }));
  }

  function remember(row) {
    var at = recent.findIndex(function (r) { return r.id === row.id; });
    // An answer that came back before the "queued" line was drawn is never overwritten.
    if (at >= 0 && row.status === "queued" && recent[at].status !== "queued") return;
    if (at >= 0) recent[at] = Object.assign(recent[at], row);
    else recent.unshift(row);
    recent = recent.slice(0, RECENT_MAX);
    renderRecent();
    queue.kvSet("recent", recent).catch(function () {});
  }

  function refreshCounts() {
    queue.count().then(function (n) {
      pendingCount.textContent = String(n);
      pendingCount.closest(".pending").classList.toggle("has-pending", n > 0);
    });
    queue.attention().then(function (items) {
      attentionBox.hidden = items.length === 0;
      attentionList.replaceChildren.apply(attentionList, items.map(function (item) {
        var dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "link";
        dismiss.textContent = T.dismiss;
        dismiss.addEventListener("click", function () { queue.dismiss(item.id); });
        return entry({
          id: item.id, code: item.code, worker: item.worker || "", status: "error",
          message: item.message,
        }, dismiss);
      }));
    });
  }

  function showStatus(status) {
    var text = {
      offline: T.offline, syncing: T.syncing, problem: status.message,
    }[status.state] || T.online;
    netStatus.textContent = text;
    netStatus.className = "net " + status.state;
  }

  /* Today's pieces and earnings; the last answer is kept to show offline. */
  function showDay(day, at, stale) {
    if (!$("my-day") || !day) return;
    $("day-pieces").textContent = String(day.pieces);
    $("day-earnings").textContent = String(day.earnings);
    $("day-asof").textContent = stale
      ? format(T.as_of, { time: new Date(at).toLocaleTimeString() })
      : "";
    var list = $("day-scans");
    if (!list) return;
    list.replaceChildren.apply(list, (day.scans || []).map(function (scan) {
      var li = entry({
        id: "day-" + scan.scan_id,
        status: scan.status,
        code: scan.bundle + "-" + scan.operation + " " + scan.operation_name,
        message: new Date(scan.scanned_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
          + " · " + format(T.day_line, { pieces: scan.quantity, earnings: scan.earnings }),
      });
      return li;
    }));
  }

  var dayTimer = null;

  function refreshDay() {
    if (!config.me || !$("my-day")) return;
    clearTimeout(dayTimer);
    dayTimer = setTimeout(function () {
      fetch(config.myDayUrl, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (day) {
        var at = Date.now();
        showDay(day, at, false);
        return queue.kvSet("myday", { day: day, at: at });
      }).catch(function () {
        return queue.kvGet("myday").then(function (kept) {
          if (kept) showDay(kept.day, kept.at, true);
        });
      });
    }, 300);
  }

  function record(text) {
    var coupon = window.ScanQueue.parseCoupon(text);
    if (!coupon) {
      say(format(T.not_a_code, { code: String(text).trim() }), "error");
      return Promise.resolve(null);
    }
    var worker = null;
    var workerName = "";
    if (config.canPick) {
      worker = picker.value;
      if (!worker) {
        say(T.pick_worker, "error");
        picker.focus();
        return Promise.resolve(null);
      }
      workerName = picker.options[picker.selectedIndex].text;
    }
    var code = coupon.bundle + "-" + coupon.operation;
    return queue.add({
      bundle: coupon.bundle, operation: coupon.operation, code: code,
      worker: worker, worker_name: workerName,
    }).then(function (item) {
      if (navigator.vibrate) navigator.vibrate(60);
      say("");
      remember({
        id: item.id, code: code, worker: worker || "", status: "queued", message: T.queued,
      });
      refreshCounts();
      return item;
    }, function () {
      say(T.storage_failed, "error");
      return null;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    record(text).then(function (item) {
      if (item) input.value = "";
    });
  });

  queue.on("change", refreshCounts);
  queue.on("status", showStatus);
  queue.on("results", function (answered) {
    answered.forEach(function (a) {
      remember({
        id: a.item.id, code: a.item.code, worker: a.item.worker || a.result.worker || "",
        status: a.result.status, message: a.result.message,
      });
    });
    var last = answered[answered.length - 1].result;
    say(last.message, window.ScanQueue.tone(last.status));
    refreshDay();
  });

  /* Camera scanning where the browser can read QR codes itself. */
  var camera = $("camera");
  var toggle = $("camera-toggle");
  var video = $("camera-video");
  var stream = null;
  var detector = null;
  var seen = {};

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    toggle.textContent = T.camera_on;
    toggle.setAttribute("aria-pressed", "false");
  }

  function look() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      codes.forEach(function (found) {
        var raw = String(found.rawValue || "").trim();
        if (!raw || (seen[raw] && now - seen[raw] < SAME_CODE_MS)) {
          if (raw) seen[raw] = now;
          return;
        }
        seen[raw] = now;
        record(raw);
      });
    }).catch(function () {}).then(function () {
      if (stream) setTimeout(look, 200);
    });
  }

  function startCamera() {
    navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" } }, audio: false,
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      toggle.textContent = T.camera_off;
      toggle.setAttribute("aria-pressed", "true");
      return video.play();
    }).then(function () {
      detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
      look();
    }).catch(function () {
      stopCamera();
      say(T.camera_failed, "error");
    });
  }

  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    camera.hidden = false;
    toggle.addEventListener("click", function () {
      if (stream) stopCamera();
      else startCamera();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") stopCamera();
    });
  }

  /* A supervisor's last choice of worker stays chosen on this device. */
  if (picker) {
    picker.addEventListener("change", function () {
      queue.kvSet("picked", picker.value).catch(function () {});
    });
    queue.kvGet("picked").then(function (code) {
      var known = Array.prototype.some.call(picker.options, function (o) { return o.value === code; });
      if (code && known) picker.value = code;
    }).catch(function () {});
  }

  queue.kvGet("recent").then(function (kept) {
    if (Array.isArray(kept) && !recent.length) {
      recent = kept;
      renderRecent();
    }
  }).catch(function () {});
  refreshCounts();
  refreshDay();
  queue.start();
})();
