// Cairn's web chat: asks /api/ask (server-sent events over fetch), streams the answer, turns [n] into links that
// show the cited passage (/api/passages/{id}), lists /api/documents. Text from the server is only ever set as
// textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

async function loadDocuments() {
  const res = await fetch("api/documents");
  if (!res.ok) return;
  const info = await res.json();
  $("model").textContent = "model: " + info.model + " · embeddings: " + info.embeddingModel;
  $("counts").textContent = info.documents.length + " documents, " + info.chunks + " passages";
  const list = $("documents");
  list.replaceChildren(...info.documents.map((path) => {
    const li = document.createElement("li");
    li.textContent = path;
    return li;
  }));
}

// Renders text with each [n] as a link to source n.
function renderAnswer(el, text, sources) {
  el.replaceChildren();
  const re = /\[(\d+)\]/g;
  let last = 0, m;
  while ((m = re.exec(text)) !== null) {
    el.append(text.slice(last, m.index));
    const source = sources[Number(m[1]) - 1];
    if (source) {
      const a = document.createElement("a");
      a.className = "citation";
      a.href = "#";
      a.dataset.id = source.id;
      a.title = source.citation;
      a.textContent = m[0];
      el.append(a);
    } else {
      el.append(m[0]);
    }
    last = re.lastIndex;
  }
  el.append(text.slice(last));
}

async function showPassage(id) {
  const res = await fetch("api/passages/" + encodeURIComponent(id));
  const body = await res.json();
  $("passage").hidden = false;
  if (!res.ok) {
    $("passage-citation").textContent = "Not available";
    $("passage-text").textContent = body.error ? body.error.message : "";
    return;
  }
  $("passage-citation").textContent = body.citation;
  $("passage-text").textContent = body.text;
}

// Yields {event, data} for each server-sent event of a fetch response.
async function* events(res) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message", data = "";
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      yield { event, data: JSON.parse(data) };
    }
  }
}

async function ask(question) {
  const turn = document.createElement("div");
  turn.className = "turn";
  const q = document.createElement("div");
  q.className = "question";
  q.textContent = question;
  const answer = document.createElement("div");
  answer.className = "answer";
  answer.textContent = "…";
  const sourceList = document.createElement("ol");
  sourceList.className = "sources";
  turn.append(q, answer, sourceList);
  $("conversation").append(turn);

  let text = "", sources = [];
  const res = await fetch("api/ask", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ question }),
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    answer.classList.add("error");
    answer.textContent = body.error ? body.error.message : "HTTP " + res.status;
    return;
  }
  for await (const { event, data } of events(res)) {
    if (event === "sources") {
      sources = data.sources;
      sourceList.replaceChildren(...sources.map((s) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.className = "citation";
        a.href = "#";
        a.dataset.id = s.id;
        a.textContent = s.citation;
        li.append(a);
        return li;
      }));
    } else if (event === "token") {
      text += data.text;
      renderAnswer(answer, text, sources);
    } else if (event === "done") {
      turn.dataset.done = "true";
      turn.dataset.grounded = String(data.grounded);
    } else if (event === "error") {
      answer.classList.add("error");
      answer.textContent = data.message;
      turn.dataset.done = "true";
    }
    $("conversation").scrollTop = $("conversation").scrollHeight;
  }
}

document.addEventListener("click", (e) => {
  const link = e.target.closest(".citation");
  if (!link) return;
  e.preventDefault();
  showPassage(link.dataset.id);
});

$("close-passage").addEventListener("click", () => { $("passage").hidden = true; });

$("ask-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("question");
  const question = input.value.trim();
  if (!question) return;
  input.value = "";
  $("ask").disabled = true;
  try {
    await ask(question);
  } finally {
    $("ask").disabled = false;
    input.focus();
  }
});

loadDocuments();
