// The ingest page: upload with a progress bar, then poll the job until its summary arrives.
// Without JavaScript the form posts to /ingest and the server answers with the summary.
// Everything from the server is written with textContent, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("ingest-form");
  if (!form || !window.FormData || !window.fetch) return;
  const box = document.getElementById("ingest-progress");
  const bar = document.getElementById("ingest-bar");
  const status = document.getElementById("ingest-status");
  const result = document.getElementById("ingest-result");
  const table = document.querySelector("#ingest-summary tbody");
  const skips = document.getElementById("ingest-skips");
  const maxBytes = Number(form.dataset.maxBytes || 0);

  function say(text) { status.textContent = text; }

  function row(label, value) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    const td = document.createElement("td");
    td.className = "num";
    td.textContent = String(value);
    tr.append(th, td);
    return tr;
  }

  function showSummary(job) {
    table.replaceChildren();
    skips.replaceChildren();
    const s = job.summary;
    if (s) {
      table.append(
        row("documents read", s.read), row("stored (new)", s.stored), row("already in store", s.duplicates),
        row("skipped", s.skipped.length), row("statements found", s.statements), row("seconds", s.seconds)
      );
      for (const item of s.skipped.concat(s.partial)) {
        const li = document.createElement("li");
        li.textContent = item.source + ": " + item.stage + ": " + item.reason;
        skips.append(li);
      }
    }
    if (job.error) {
      const li = document.createElement("li");
      li.textContent = "failed: " + job.error.message + (job.error.hint ? " (" + job.error.hint + ")" : "");
      skips.append(li);
    }
    result.hidden = false;
    result.querySelector("h2").focus && result.querySelector("h2").setAttribute("tabindex", "-1");
    result.querySelector("h2").focus();
  }

  function poll(href) {
    fetch(href, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => r.json())
      .then((job) => {
        if (job.error && !job.state) { say("Error: " + job.error.message); return; }
        if (job.total) {
          bar.max = job.total;
          bar.value = job.processed;
        }
        say(job.state === "queued" ? "Waiting for an ingest already running…"
          : job.state === "running" ? "Processing " + job.processed + " of " + (job.total || "?") + " documents…"
          : job.state === "linking" ? "Linking statements across outlets…"
          : job.state === "done" ? "Done." : "Failed.");
        if (job.state === "done" || job.state === "failed") showSummary(job);
        else setTimeout(() => poll(href), 600);
      })
      .catch(() => say("Lost contact with the server; reload the page to see the store."));
  }

  form.addEventListener("submit", (event) => {
    const files = form.querySelector("input[type=file]").files;
    let total = 0;
    for (const f of files) total += f.size;
    if (maxBytes && total > maxBytes) {
      event.preventDefault();
      box.hidden = false;
      say("These files add up to " + total.toLocaleString() + " bytes; the limit is " + maxBytes.toLocaleString() + ".");
      return;
    }
    event.preventDefault();
    box.hidden = false;
    result.hidden = true;
    bar.removeAttribute("value");
    say("Uploading…");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.api);
    xhr.setRequestHeader("Accept", "application/json");
    const token = form.querySelector("input[name=csrf_token]");
    if (token) xhr.setRequestHeader(form.dataset.csrfHeader, token.value);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        bar.max = e.total;
        bar.value = e.loaded;
        say("Uploading… " + Math.round((100 * e.loaded) / e.total) + "%");
      }
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
      if (xhr.status === 202 && body && body.href) {
        say("Uploaded; processing…");
        bar.removeAttribute("value");
        poll(body.href);
      } else {
        say("Error: " + (body && body.error ? body.error.message + (body.error.hint ? " (" + body.error.hint + ")" : "") : "HTTP " + xhr.status));
      }
    });
    xhr.addEventListener("error", () => say("The upload failed; is the server still running?"));
    xhr.send(new FormData(form));
  });
})();
