/* Seamline scan queue, shared by the phone app and the line station.
 *
 * Every scan is written to IndexedDB before any network attempt. A sender posts the queue
 * to the batch API and deletes an item only once the server has answered for it: accepted
 * items (ok: true) leave the queue, refused ones (ok: false) move to a "needs attention"
 * list with the server's message. Network errors, 5xx and sign-in problems keep the items.
 * Items are kept per login ("owner"), so another person's scans are never sent as yours.
 *
 * No build step: this file defines window.ScanQueue.
 */
(function (global) {
  "use strict";

  var DB_NAME = "seamline-scans";
  var DB_VERSION = 1;
  var BATCH_SIZE = 100;
  var TIMEOUT_MS = 20000;
  var SYNC_EVERY_MS = 15000;
  // The same pattern as seamline.cutting.coupons.parse_coupon: "1234-40", "B77.10", "12 30".
  var COUPON = /^\s*[A-Za-z]*\s*(\d{1,9})\s*[-./:*#\s]\s*(\d{1,6})\s*$/;

  function requestDone(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function transactionDone(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
  }

  var dbPromise = null;

  function openDb() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = global.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) {
          db.createObjectStore("queue", { keyPath: "id" }).createIndex("owner", "owner");
        }
        if (!db.objectStoreNames.contains("attention")) {
          db.createObjectStore("attention", { keyPath: "id" }).createIndex("owner", "owner");
        }
        if (!db.objectStoreNames.contains("kv")) {
          db.createObjectStore("kv", { keyPath: "key" });
        }
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); dbPromise = null; };
        resolve(db);
      };
      request.onerror = function () { dbPromise = null; reject(request.error); };
    });
    return dbPromise;
  }

  function byOwner(storeName, owner) {
    return openDb().then(function (db) {
      var store = db.transaction(storeName, "readonly").objectStore(storeName);
      return requestDone(store.index("owner").getAll(owner));
    });
  }

  /** A unique id for a scan: a UUID where the browser makes one, else 128 random bits. */
  function newId() {
    var cryptoApi = global.crypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === "function") return cryptoApi.randomUUID();
    var bytes = new Uint8Array(16);
    if (cryptoApi && typeof cryptoApi.getRandomValues === "function") {
      cryptoApi.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function pad(number, width) {
    var text = String(Math.abs(number));
    while (text.length < (width || 2)) text = "0" + text;
    return text;
  }

  /** ISO 8601 in the device's local time with its offset: 2026-11-29T17:50:03.120+08:00. */
  function localIso(date) {
    var offset = -date.getTimezoneOffset();
    return (
      date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      "." + pad(date.getMilliseconds(), 3) +
      (offset >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(offset) / 60)) + ":" +
      pad(Math.abs(offset) % 60)
    );
  }

  /** "1234-40" -> {bundle: 1234, operation: 40}; null when it is no coupon code. */
  function parseCoupon(text) {
    var match = COUPON.exec(String(text || ""));
    if (!match) return null;
    var bundle = parseInt(match[1], 10);
    var operation = parseInt(match[2], 10);
    if (bundle < 1 || operation < 1) return null;
    return { bundle: bundle, operation: operation };
  }

  /** Fill "%(name)s" placeholders of a translated string. */
  function format(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.indexOf(name + "=") === 0) return decodeURIComponent(part.slice(name.length + 1));
    }
    return "";
  }

  function fetchWithTimeout(url, options) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = null;
    if (controller) {
      options.signal = controller.signal;
      timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    }
    return fetch(url, options).finally(function () { if (timer) clearTimeout(timer); });
  }

  /** The index of the scan a validation error points at: loc [..., "scans", 2, ...]. */
  function itemIndex(loc) {
    if (!Array.isArray(loc)) return -1;
    var at = loc.indexOf("scans");
    return at >= 0 && typeof loc[at + 1] === "number" ? loc[at + 1] : -1;
  }

  /**
   * config: owner, batchUrl, source, csrfToken, csrfCookieName, strings.
   * Events (queue.on(name, fn)): "change" (queue or attention changed), "results"
   * ([{item, result}] as the server answered), "status" ({state, message}).
   */
  function ScanQueue(config) {
    this.config = config;
    this.owner = config.owner;
    this.strings = config.strings || {};
    this.listeners = {};
    this.running = null;
    this.again = false;
    this.state = { state: "idle", message: "" };
    this.timer = null;
  }

  ScanQueue.prototype.on = function (name, fn) {
    (this.listeners[name] = this.listeners[name] || []).push(fn);
    return this;
  };

  ScanQueue.prototype.emit = function (name, value) {
    (this.listeners[name] || []).forEach(function (fn) {
      try { fn(value); } catch (error) { setTimeout(function () { throw error; }); }
    });
  };

  ScanQueue.prototype.setStatus = function (state, message) {
    this.state = { state: state, message: message || "" };
    this.emit("status", this.state);
  };

  /** Store a scan (bundle, operation, optional worker, code) and try to send it. */
  ScanQueue.prototype.add = function (fields) {
    var self = this;
    var now = new Date();
    var item = {
      id: newId(),
      owner: this.owner,
      source: fields.source || this.config.source,
      bundle: fields.bundle,
      operation: fields.operation,
      code: fields.code || fields.bundle + "-" + fields.operation,
      worker: fields.worker || null,
      worker_name: fields.worker_name || "",
      scanned_at: localIso(now),
      queued_at: now.getTime(),
    };
    return openDb().then(function (db) {
      var tx = db.transaction("queue", "readwrite");
      tx.objectStore("queue").put(item);
      return transactionDone(tx);
    }).then(function () {
      self.emit("change");
      self.sync();
      return item;
    });
  };

  /** Waiting items of this login, oldest first. */
  ScanQueue.prototype.items = function () {
    return byOwner("queue", this.owner).then(function (items) {
      return items.sort(function (a, b) { return a.queued_at - b.queued_at; });
    });
  };

  ScanQueue.prototype.count = function () {
    var owner = this.owner;
    return openDb().then(function (db) {
      var store = db.transaction("queue", "readonly").objectStore("queue");
      return requestDone(store.index("owner").count(owner));
    });
  };

  /** Refused items of this login, newest first. */
  ScanQueue.prototype.attention = function () {
    return byOwner("attention", this.owner).then(function (items) {
      return items.sort(function (a, b) { return b.answered_at - a.answered_at; });
    });
  };

  ScanQueue.prototype.dismiss = function (id) {
    var self = this;
    return openDb().then(function (db) {
      var tx = db.transaction("attention", "readwrite");
      tx.objectStore("attention").delete(id);
      return transactionDone(tx);
    }).then(function () { self.emit("change"); });
  };

  ScanQueue.prototype.kvGet = function (key) {
    var full = this.owner + "|" + key;
    return openDb().then(function (db) {
      return requestDone(db.transaction("kv", "readonly").objectStore("kv").get(full));
    }).then(function (row) { return row ? row.value : null; });
  };

  ScanQueue.prototype.kvSet = function (key, value) {
    var full = this.owner + "|" + key;
    return openDb().then(function (db) {
      var tx = db.transaction("kv", "readwrite");
      tx.objectStore("kv").put({ key: full, value: value });
      return transactionDone(tx);
    });
  };

  ScanQueue.prototype.csrfToken = function () {
    return cookie(this.config.csrfCookieName || "csrftoken") || this.config.csrfToken || "";
  };

  /** Send everything that waits; one run at a time (across tabs where Web Locks exist). */
  ScanQueue.prototype.sync = function () {
    var self = this;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    var run = function () { return self.drain(); };
    var locked = global.navigator && global.navigator.locks
      ? global.navigator.locks.request("seamline-scan-sync", run)
      : run();
    this.running = Promise.resolve(locked).catch(function (error) {
      self.setStatus("problem", self.strings.server_error || String(error));
    }).then(function () {
      self.running = null;
      if (self.again) {
        self.again = false;
        return self.sync();
      }
      return undefined;
    });
    return this.running;
  };

  ScanQueue.prototype.drain = function () {
    var self = this;
    if (global.navigator && global.navigator.onLine === false) {
      self.setStatus("offline");
      return Promise.resolve();
    }
    return this.items().then(function (items) {
      if (!items.length) {
        self.setStatus("online");
        return undefined;
      }
      // One request per source: the source travels in a header.
      var source = items[0].source;
      var batch = items.filter(function (i) { return i.source === source; }).slice(0, BATCH_SIZE);
      self.setStatus("syncing");
      return self.send(batch).then(function (sent) {
        if (sent) return self.drain();
        return undefined;
      });
    });
  };

  function payload(item) {
    var scan = {
      id: item.id,
      bundle: item.bundle,
      operation: item.operation,
      scanned_at: item.scanned_at,
    };
    if (item.worker) scan.worker = item.worker;
    return scan;
  }

  /** Post one batch; true when the server answered for its items (so the queue moved). */
  ScanQueue.prototype.send = function (items) {
    var self = this;
    var strings = this.strings;
    return fetchWithTimeout(this.config.batchUrl, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": this.csrfToken(),
        "X-Scan-Source": items[0].source,
      },
      body: JSON.stringify({ scans: items.map(payload) }),
    }).then(function (response) {
      if (response.status === 401 || response.redirected) {
        self.setStatus("problem", strings.signed_out);
        return false;
      }
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok && data && Array.isArray(data.results)) {
          return self.settle(items, data.results).then(function (answered) {
            self.setStatus("online");
            return answered > 0;
          });
        }
        if (response.status === 422 && data && Array.isArray(data.errors)) {
          return self.settleInvalid(items, data).then(function (answered) {
            return answered > 0;
          });
        }
        // 403 (role, CSRF), 5xx, anything else: keep the items and say why.
        var detail = data && typeof data.detail === "string" ? " " + data.detail : "";
        self.setStatus(
          "problem",
          (response.status >= 500
            ? strings.server_error
            : format(strings.server_refused, { status: response.status })) + detail
        );
        return false;
      });
    }, function () {
      self.setStatus(global.navigator.onLine === false ? "offline" : "problem",
        global.navigator.onLine === false ? "" : strings.server_error);
      return false;
    });
  };

  /** Remove answered items; refused ones move to the attention list in the same transaction. */
  ScanQueue.prototype.settle = function (items, results) {
    var self = this;
    var answers = {};
    results.forEach(function (result) { answers[result.id] = result; });
    var answered = [];
    return openDb().then(function (db) {
      var tx = db.transaction(["queue", "attention"], "readwrite");
      var queue = tx.objectStore("queue");
      var attention = tx.objectStore("attention");
      items.forEach(function (item) {
        var result = answers[item.id];
        if (!result) return;
        queue.delete(item.id);
        if (!result.ok) {
          attention.put(Object.assign({}, item, {
            error: result.error || "",
            message: result.message || "",
            answered_at: Date.now(),
          }));
        }
        answered.push({ item: item, result: result });
      });
      return transactionDone(tx);
    }).then(function () {
      self.emit("change");
      if (answered.length) self.emit("results", answered);
      return answered.length;
    });
  };

  /** A 422 for the whole request: the items it names are refused, the others go again. */
  ScanQueue.prototype.settleInvalid = function (items, data) {
    var bad = {};
    data.errors.forEach(function (error) {
      var index = itemIndex(error.loc);
      if (index >= 0 && index < items.length) {
        var item = items[index];
        bad[item.id] = (bad[item.id] ? bad[item.id] + "; " : "") + (error.msg || "");
      }
    });
    var named = Object.keys(bad).length > 0;
    var results = items
      .filter(function (item) { return !named || bad[item.id] !== undefined; })
      .map(function (item) {
        return {
          id: item.id,
          ok: false,
          status: "error",
          error: "invalid",
          message: bad[item.id] || data.detail || "",
        };
      });
    return this.settle(items, results);
  };

  /** Send now, whenever the network comes back, when the page is shown, and every 15 s. */
  ScanQueue.prototype.start = function () {
    var self = this;
    global.addEventListener("online", function () { self.sync(); });
    global.addEventListener("offline", function () { self.setStatus("offline"); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") self.sync();
    });
    if (!this.timer) this.timer = setInterval(function () { self.sync(); }, SYNC_EVERY_MS);
    if (global.navigator.onLine === false) this.setStatus("offline");
    return this.sync();
  };

  /** The colour of an answer: ok (recorded), warn (duplicate, sent on), error (refused). */
  function tone(status) {
    if (status === "credited") return "ok";
    if (status === "duplicate" || status === "conflict") return "warn";
    if (status === "queued") return "pending";
    return "error";
  }

  ScanQueue.newId = newId;
  ScanQueue.tone = tone;
  ScanQueue.localIso = localIso;
  ScanQueue.parseCoupon = parseCoupon;
  ScanQueue.format = format;
  ScanQueue.openDb = openDb;

  global.ScanQueue = ScanQueue;
})(window);
