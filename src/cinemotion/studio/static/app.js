// cinemotion studio front end: plain DOM, no build step. All user data goes in via textContent.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { user: null, workspaces: [], workspace: null, role: null, events: null, job: null, storyboards: [] };

function csrf() {
  const match = document.cookie.match(/(?:^|; )cm_csrf=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function api(method, path, body) {
  const init = { method, headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = Array.isArray(data.detail) ? data.detail.map((d) => `${d.loc.slice(1).join(".")}: ${d.msg}`).join("; ") : data.detail;
    const error = new Error((data.field ? `${data.field}: ` : "") + (detail || response.statusText));
    error.status = response.status;
    throw error;
  }
  return data;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function notice(message) { $("notice").textContent = message || ""; }
const ws = (path = "") => `/api/workspaces/${state.workspace}${path}`;
const canEdit = () => state.role === "owner" || state.role === "editor";

// --- sign-in -------------------------------------------------------------------------------
async function signIn(signup) {
  $("login-error").textContent = "";
  const body = { email: $("login-email").value, password: $("login-password").value };
  if (signup) body.name = $("login-name").value || body.email.split("@")[0];
  try {
    const session = await api("POST", signup ? "/api/auth/signup" : "/api/auth/login", body);
    state.user = session.user;
    await enter();
  } catch (error) { $("login-error").textContent = error.message; }
}

async function enter() {
  $("login").hidden = true;
  $("app").hidden = false;
  $("user").textContent = state.user.name;
  await loadWorkspaces();
}

async function loadWorkspaces(select) {
  state.workspaces = await api("GET", "/api/workspaces");
  const picker = $("workspace");
  picker.replaceChildren(...state.workspaces.map((w) => el("option", { value: w.id, textContent: w.name })));
  const wanted = select || state.workspace || (state.workspaces[0] && state.workspaces[0].id);
  picker.value = String(wanted);
  await openWorkspace(Number(picker.value));
}

async function openWorkspace(id) {
  const workspace = state.workspaces.find((w) => w.id === id);
  if (!workspace) return;
  state.workspace = id;
  state.role = workspace.role;
  $("role").textContent = workspace.role;
  document.body.className = `role-${workspace.role}`;
  for (const control of document.querySelectorAll(".needs-edit input, .needs-edit button, .needs-edit select"))
    control.disabled = !canEdit();
  notice("");
  await Promise.all([loadCharacters(), loadMotions(), loadJobs(), loadMembers(), loadStoryboards()]);
}

// --- coach ---------------------------------------------------------------------------------
let coachTimer = null;
let coachSeq = 0;
function scheduleCoach() {
  clearTimeout(coachTimer);
  coachTimer = setTimeout(runCoach, 300);
}

async function runCoach() {
  const text = $("prompt").value.trim();
  const box = $("coach");
  if (!text) { box.replaceChildren(el("p", { className: "muted", textContent: "Type a prompt to get advice." })); return; }
  const seq = ++coachSeq;
  try {
    const advice = await api("POST", "/api/coach", { text });
    if (seq !== coachSeq) return;  // a newer keystroke's advice is on its way
    const items = (advice.diagnostics || []).map((d) => el("div", { className: "diagnostic" },
      el("code", { textContent: d.code }), " ", el("span", { textContent: d.message }),
      d.suggestion ? el("div", { className: "muted", textContent: `→ ${d.suggestion}` }) : null));
    box.replaceChildren(
      ...(items.length ? items : [el("p", { className: "diagnostic ok", textContent: "No issues found." })]),
      el("h4", { textContent: "Enriched prompt" }), el("p", { className: "enriched", textContent: advice.enriched_prompt || "" }),
      el("h4", { textContent: "Negative prompt" }), el("p", { className: "muted", textContent: advice.negative_prompt || "" }),
      advice.recommended_intensity ? el("p", { className: "muted", textContent: `Intensity ${advice.recommended_intensity}/10` }) : null);
  } catch (error) {
    if (seq === coachSeq) box.replaceChildren(el("p", { className: "error", textContent: error.message }));
  }
}

// --- render --------------------------------------------------------------------------------
// --- storyboards -----------------------------------------------------------------------------
function storyboardJson() {
  const text = $("storyboard").value.trim();
  if (!text) return null;
  try { return JSON.parse(text); } catch (error) { throw new Error(`storyboard: not valid JSON (${error.message})`); }
}

async function parsePrompt() {
  const text = $("prompt").value.trim();
  if (!text) { notice("Write a prompt first."); return; }
  try {
    $("storyboard").value = JSON.stringify(await api("POST", "/api/parse", { text }), null, 2);
    $("storyboard-box").open = true;
    notice("");
  } catch (error) { notice(error.message); }
}

async function saveStoryboard() {
  const data = storyboardJson();
  if (!data) throw new Error("storyboard: empty");
  const selected = $("storyboards").value;
  const saved = selected
    ? await api("PUT", ws(`/assets/${selected}`), { data, note: "edited in the studio" })
    : await api("POST", ws("/assets"), { kind: "storyboard", name: data.title || $("prompt").value.trim().slice(0, 60) || "storyboard", data });
  await loadStoryboards(saved.id);
  return saved;
}

async function loadStoryboards(select) {
  const boards = await api("GET", ws("/assets?kind=storyboard"));
  state.storyboards = boards;
  $("storyboards").replaceChildren(el("option", { value: "", textContent: "New storyboard" }),
    ...boards.map((b) => el("option", { value: b.id, textContent: `${b.name} (v${b.latest_version})` })));
  $("storyboards").value = select ? String(select) : "";
}

function openStoryboard() {
  const board = (state.storyboards || []).find((b) => String(b.id) === $("storyboards").value);
  $("storyboard").value = board ? JSON.stringify(board.latest.data, null, 2) : "";
}

async function render() {
  notice("");
  $("render").disabled = true;
  try {
    let request;
    if ($("storyboard").value.trim()) request = { storyboard_asset_id: (await saveStoryboard()).id };
    else if ($("prompt").value.trim()) request = { prompt: $("prompt").value.trim() };
    else throw new Error("Write a prompt or a storyboard first.");
    follow(await api("POST", ws("/renders"), request));
  } catch (error) { notice(error.message); $("render").disabled = false; }
}

function showProgress(job) {
  const percent = job.state === "done" ? 100 : job.progress_total ? Math.floor(100 * job.progress_done / job.progress_total) : 0;
  $("progress").value = percent;
  const stage = job.stage && job.stage !== job.state ? ` · ${job.stage}` : "";
  $("progress-label").textContent = `${job.state}${stage} · ${percent}%`;
  $("cancel").hidden = !(job.state === "queued" || job.state === "running");
}

function follow(job) {
  if (state.events) state.events.close();
  state.job = job;
  showProgress(job);
  const events = new EventSource(ws(`/jobs/${job.id}/events`));
  state.events = events;
  events.addEventListener("progress", async (event) => {
    const update = JSON.parse(event.data);
    showProgress(update);
    if (["done", "failed", "cancelled"].includes(update.state)) {
      events.close();
      $("render").disabled = !canEdit();
      if (update.state === "done") await play(update.result_asset_id);
      else if (update.state === "failed") notice(`Render failed: ${update.error.split("\n").slice(-2).join(" ")}`);
      loadJobs();
    }
  });
  events.onerror = () => { if (events.readyState === EventSource.CLOSED) $("render").disabled = !canEdit(); };
}

async function play(assetId) {
  const asset = await api("GET", ws(`/assets/${assetId}`));
  const files = asset.latest.files;
  const film = files.find((f) => f.name === "film.mp4");
  const player = $("player");
  player.src = film.url;
  player.hidden = false;
  $("exports").replaceChildren(...files.map((f) => el("li", {}, el("a", { href: f.url, textContent: f.name, download: f.name.split("/").pop() }),
    el("span", { className: "muted", textContent: ` ${(f.size / 1024).toFixed(1)} KiB` }))));
  const pose = files.find((f) => f.name.endsWith("pose.mp4"));
  $("pose-player").hidden = !pose;
  if (pose) $("pose-player").src = pose.url;
  const camera = files.find((f) => f.name.endsWith("camera.txt"));
  $("camera-preview").hidden = !camera;
  if (camera) $("camera-preview").textContent = (await (await fetch(camera.url)).text()).split("\n").slice(0, 12).join("\n");
  showTab("prompt");
}

async function loadJobs() {
  const jobs = await api("GET", ws("/jobs"));
  $("jobs").replaceChildren(...jobs.map((job) => el("tr", { dataset: { job: job.id } },
    el("td", { textContent: `#${job.id}` }), el("td", { textContent: job.state }),
    el("td", { textContent: job.progress_total ? `${job.progress_done}/${job.progress_total}` : "" }),
    el("td", {}, job.result_asset_id ? el("button", { className: "secondary", textContent: "Play", onclick: () => play(job.result_asset_id) }) : null,
      canEdit() && (job.state === "queued" || job.state === "running")
        ? el("button", { className: "secondary", textContent: "Cancel", onclick: () => cancel(job.id) }) : null))));
}

async function cancel(jobId) {
  try { await api("POST", ws(`/jobs/${jobId}/cancel`)); loadJobs(); } catch (error) { notice(error.message); }
}

// --- characters ----------------------------------------------------------------------------
async function loadCharacters() {
  const characters = await api("GET", ws("/assets?kind=character"));
  $("characters").replaceChildren(...characters.map(characterCard));
}

function characterCard(asset) {
  const data = asset.latest.data;
  const images = asset.latest.files.filter((f) => f.media_type.startsWith("image/"));
  const upload = el("input", { type: "file", accept: "image/png,image/jpeg,image/webp", className: "image-upload",
    onchange: (event) => addImage(asset, event.target.files[0]) });
  return el("div", { className: "card character", dataset: { asset: asset.id, character: data.id } },
    el("h3", { textContent: asset.name }),
    el("p", { className: "muted", textContent: `${data.id} · ${data.sex}, ${data.build}, ${data.height_m} m · v${asset.latest_version}` }),
    data.description ? el("p", { textContent: data.description }) : null,
    asset.origin_workspace_id ? el("p", { className: "muted origin", textContent: `shared from ${workspaceName(asset.origin_workspace_id)}` }) : null,
    el("div", { className: "thumbs" }, ...images.map((f) => el("img", { src: f.url, alt: f.name }))),
    canEdit() ? el("label", {}, "Add reference image ", upload) : null,
    canEdit() ? el("button", { className: "secondary share", textContent: "Share…", onclick: () => openShare(asset) }) : null);
}

async function createCharacter(event) {
  event.preventDefault();
  const data = { id: $("character-id").value, description: $("character-description").value, sex: $("character-sex").value,
    build: $("character-build").value, height_m: Number($("character-height").value), clothing: { top_color: $("character-top").value },
    voice: { pitch: Number($("character-pitch").value), rate_wpm: Number($("character-rate").value) } };
  try {
    await api("POST", ws("/assets"), { kind: "character", name: $("character-name").value, data });
    $("character-form").reset();
    notice("");
    await loadCharacters();
  } catch (error) { notice(error.message); }
}

async function loadMotions() {
  const motions = await api("GET", ws("/assets?kind=motion"));
  $("motions").replaceChildren(...motions.map((motion) => {
    const file = motion.latest.files[0];
    return el("li", { className: "motion" }, el("a", { href: file.url, textContent: motion.name, download: file.name }),
      el("span", { className: "muted", textContent: ` ${(file.size / 1024).toFixed(0)} KiB · v${motion.latest_version} · ` }),
      // what a storyboard's transfer action names as its source
      el("code", { textContent: `asset:${motion.id}`, title: "a transfer action's source" }));
  }));
}

async function uploadMotion(event) {
  event.preventDefault();
  const form = new FormData();
  form.append("file", $("motion-file").files[0]);
  try { await api("POST", ws("/motions"), form); $("motion-form").reset(); notice(""); await loadMotions(); } catch (error) { notice(error.message); }
}

async function addImage(asset, file) {
  if (!file) return;
  const form = new FormData();
  form.append("file", file);
  try { await api("POST", ws(`/assets/${asset.id}/images`), form); await loadCharacters(); } catch (error) { notice(error.message); }
}

// --- sharing -------------------------------------------------------------------------------
let sharing = null;
function openShare(asset) {
  sharing = asset;
  $("share-name").textContent = asset.name;
  const targets = state.workspaces.filter((w) => w.id !== state.workspace && (w.role === "owner" || w.role === "editor"));
  $("share-target").replaceChildren(...targets.map((w) => el("option", { value: w.id, textContent: w.name })));
  $("share-confirm").disabled = targets.length === 0;
  $("share-dialog").showModal();
}

async function confirmShare() {
  if ($("share-dialog").returnValue !== "share" || !sharing) return;
  try {
    await api("POST", ws(`/assets/${sharing.id}/share`), { target_workspace_id: Number($("share-target").value) });
    notice(`Shared ${sharing.name}.`);
    await loadMembers();
  } catch (error) { notice(error.message); }
}

// --- members and shares --------------------------------------------------------------------
async function loadMembers() {
  const [members, shares] = await Promise.all([api("GET", ws("/members")), api("GET", ws("/shares"))]);
  const owner = state.role === "owner";
  $("members").replaceChildren(...members.map((member) => {
    const role = owner
      ? el("select", { onchange: (event) => changeRole(member, event.target.value) },
        ...["owner", "editor", "viewer"].map((r) => el("option", { value: r, textContent: r, selected: r === member.role })))
      : el("span", { textContent: member.role });
    return el("tr", {}, el("td", { textContent: member.name }), el("td", { textContent: member.email }), el("td", {}, role),
      el("td", {}, owner && member.user_id !== state.user.id
        ? el("button", { className: "secondary", textContent: "Remove", onclick: () => removeMember(member) }) : null));
  }));
  if (!shares.length) $("shares").replaceChildren(el("li", { className: "muted", textContent: "Nothing shared from or to this workspace." }));
  else $("shares").replaceChildren(...shares.map((share) => {
    const outgoing = share.source_workspace_id === state.workspace;
    const text = outgoing ? `asset ${share.source_asset_id} → ${workspaceName(share.target_workspace_id)}`
      : `asset ${share.copy_asset_id} ← ${workspaceName(share.source_workspace_id)}`;
    return el("li", {}, text, outgoing && canEdit()
      ? el("button", { className: "secondary revoke", textContent: "Revoke", onclick: () => revoke(share.id) }) : null);
  }));
}

function workspaceName(id) {
  const known = state.workspaces.find((w) => w.id === id);
  return known ? known.name : `workspace ${id}`;
}

async function addMember(event) {
  event.preventDefault();
  try {
    await api("POST", ws("/members"), { email: $("member-email").value, role: $("member-role").value });
    $("member-form").reset();
    await loadMembers();
  } catch (error) { notice(error.message); }
}

async function changeRole(member, role) {
  try { await api("PATCH", ws(`/members/${member.user_id}`), { role }); } catch (error) { notice(error.message); }
  await loadMembers();
}

async function removeMember(member) {
  try { await api("DELETE", ws(`/members/${member.user_id}`)); await loadMembers(); } catch (error) { notice(error.message); }
}

async function revoke(shareId) {
  try { await api("DELETE", ws(`/shares/${shareId}`)); await loadMembers(); } catch (error) { notice(error.message); }
}

// --- tabs and start-up ---------------------------------------------------------------------
function showTab(name) {
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.tab === name);
  for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.id !== `tab-${name}`;
}

async function newWorkspace() {
  const name = prompt("Name of the new workspace");
  if (!name) return;
  try { const created = await api("POST", "/api/workspaces", { name }); await loadWorkspaces(created.id); } catch (error) { notice(error.message); }
}

async function logout() {
  await api("POST", "/api/auth/logout").catch(() => null);
  location.reload();
}

document.addEventListener("DOMContentLoaded", async () => {
  $("login-form").addEventListener("submit", (event) => { event.preventDefault(); signIn(false); });
  $("signup-submit").addEventListener("click", () => signIn(true));
  $("workspace").addEventListener("change", (event) => openWorkspace(Number(event.target.value)));
  $("new-workspace").addEventListener("click", newWorkspace);
  $("logout").addEventListener("click", logout);
  $("prompt").addEventListener("input", scheduleCoach);
  $("render").addEventListener("click", render);
  $("parse").addEventListener("click", parsePrompt);
  $("save-storyboard").addEventListener("click", () => saveStoryboard().then(() => notice("Storyboard saved."), (error) => notice(error.message)));
  $("storyboards").addEventListener("change", openStoryboard);
  $("cancel").addEventListener("click", () => state.job && cancel(state.job.id));
  $("character-form").addEventListener("submit", createCharacter);
  $("member-form").addEventListener("submit", addMember);
  $("motion-form").addEventListener("submit", uploadMotion);
  $("share-dialog").addEventListener("close", confirmShare);
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => showTab(tab.dataset.tab));
  try {
    state.user = await api("GET", "/api/auth/me");
    await enter();
  } catch (error) {
    $("login").hidden = false;
  }
});
