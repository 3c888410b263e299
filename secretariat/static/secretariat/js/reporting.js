/* Autosave of an Article 7 form (progressive enhancement: the form works without this file).
 *
 * A few seconds after a change, the form is posted with fetch to its own action (the same save
 * endpoint as the "Save draft" button), asking for JSON. The answer carries the new revision, which
 * replaces the hidden "revision" input, so the next save (by script or by button) is not a conflict.
 * On a slow or broken connection (no answer, or a server error 5xx) the input stays in the page and
 * the save is retried with a growing delay, at most MAX_RETRIES times; then the page says to save
 * with the button. Any other answer that is not the JSON of a save (a 4xx, a login page, a proxy's
 * error page) would come again if sent again: it is shown as an error and not retried; the next
 * change of the input tries again. Leaving the page with unsaved input asks first. A conflict stops
 * autosaving and says so.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var DELAY = 3000;
  var TIMEOUT = 20000;
  var MAX_BACKOFF = 60000;
  var MAX_RETRIES = 6;
  var timer = null;
  var inFlight = false;
  var dirty = false;
  var failures = 0;
  var stopped = false;
  var pendingSubmitter = null;

  function text(name, values) {
    var template = form.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return values && key in values ? values[key] : match;
    });
  }

  function say(message, isError) {
    if (!status) {
      return;
    }
    status.textContent = message;
    status.classList.toggle("autosave-status--error", Boolean(isError));
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function changed() {
    if (stopped) {
      return;
    }
    dirty = true;
    if (!inFlight) {
      schedule(DELAY);
    }
  }

  function finish() {
    inFlight = false;
    if (pendingSubmitter) {
      var submitter = pendingSubmitter;
      pendingSubmitter = null;
      stopped = true;
      window.clearTimeout(timer);
      if (form.requestSubmit) {
        form.requestSubmit(submitter);
      } else {
        submitter.click();
      }
      return true;
    }
    return false;
  }

  function save() {
    if (inFlight || !dirty || stopped) {
      return;
    }
    var data = new FormData(form);
    data.set("action", "save");
    data.delete("then");
    dirty = false;
    inFlight = true;
    say(text("saving"));
    var controller = window.AbortController ? new AbortController() : null;
    var abort = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT) : null;
    // form.action would be the buttons named "action": read the attribute.
    window.fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.status >= 500) {
        throw new Error("status " + response.status); // the server's trouble: worth trying again
      }
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return { status: response.status, body: null };
      }
      return response.json().then(function (body) {
        return { status: response.status, body: body };
      }, function () {
        return { status: response.status, body: null };
      });
    }).then(function (answer) {
      window.clearTimeout(abort);
      failures = 0;
      var body = answer.body;
      if (answer.status === 200 && body && body.ok) {
        revision.value = body.revision;
        say(text("saved", { time: body.saved_at }));
      } else if (answer.status === 409 && body && body.conflict) {
        stopped = true;
        pendingSubmitter = null;
        say(text("not-saved", { reason: body.conflict }), true);
      } else if (body && body.errors) {
        var reasons = body.errors.map(function (error) { return error.message; });
        say(text("not-saved", { reason: reasons.join(" · ") }), true);
      } else {
        // Refused, and sending the same again would be refused again: say so, keep the input.
        dirty = true;
        say(text("not-saved", { reason: text("refused", { status: answer.status }) }), true);
        finish();
        return;
      }
      if (!finish() && dirty && !stopped) {
        schedule(DELAY);
      }
    }).catch(function () {
      window.clearTimeout(abort);
      inFlight = false;
      dirty = true; // the input is still in the page: send it again
      failures += 1;
      if (pendingSubmitter) {
        finish(); // the user asked to save: let the browser post the form itself
        return;
      }
      if (failures > MAX_RETRIES) {
        say(text("not-saved", { reason: text("gave-up") }), true);
        return; // the next change of the input, or the Save button, tries again
      }
      var delay = Math.min(MAX_BACKOFF, 2000 * Math.pow(2, failures));
      say(text("not-saved", { reason: text("offline", { seconds: Math.round(delay / 1000) }) }), true);
      schedule(delay);
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    if (inFlight) {
      // Wait for the autosave's answer (and its new revision) before posting the form.
      event.preventDefault();
      pendingSubmitter = event.submitter || form.querySelector("button[type=submit]");
      return;
    }
    stopped = true;
    dirty = false;
    window.clearTimeout(timer);
  });
  window.addEventListener("beforeunload", function (event) {
    if ((dirty || inFlight) && !stopped) {
      event.preventDefault();
      event.returnValue = text("unsaved");
      return event.returnValue;
    }
    return undefined;
  });
})();
