window.addEventListener("error", e => { document.getElementById("status").textContent = "⚠ " + e.message; });
window.addEventListener("unhandledrejection", e => { document.getElementById("status").textContent = "⚠ " + e.reason; });
const lang = document.documentElement.lang;
const params = new URLSearchParams(location.search);
const edition = params.get("edition") || "2024-first";
const digits = params.get("digits") || (lang === "ar" ? "arab" : "latn");
const T = {
  ar: {title: "جوائز الحكومات الاجتماعية — لوحة الصدارة", other: "English", rank: "المركز", name: "المرشح",
       country: "الدولة", standing: "النتيجة", parts: "المكونات", jury: "لجنة التحكيم", metrics: "مؤشرات التفاعل",
       public: "تصويت الجمهور", countries: "جدول الدول", nominations: "الترشيحات", accepted: "المقبولة",
       gold: "ذهبية", silver: "فضية", bronze: "برونزية", sectors: "الترشيحات المقبولة حسب القطاع",
       live: "مباشر", offline: "انقطع الاتصال، إعادة المحاولة…", polling: "تُحدَّث كل بضع ثوانٍ", winners: "الفائزون", category: "الفئة"},
  en: {title: "Social Government Awards — leaderboard", other: "العربية", rank: "Rank", name: "Nominee",
       country: "Country", standing: "Standing", parts: "Components", jury: "Jury", metrics: "Engagement",
       public: "Public vote", countries: "Countries", nominations: "Nominations", accepted: "Accepted",
       gold: "Gold", silver: "Silver", bronze: "Bronze", sectors: "Accepted nominations by sector",
       live: "live", offline: "connection lost, retrying…", polling: "updated every few seconds", winners: "Winners", category: "Category"},
}[lang];
const num = (x, d = 1) => x == null ? "—" : Number(x).toLocaleString(lang + "-u-nu-" + digits, {maximumFractionDigits: d});
const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const name = r => esc(lang === "en" && r.name_en ? r.name_en : r.name_ar);
let current = params.get("category");

document.getElementById("title").textContent = T.title;
const other = document.getElementById("switch");
other.textContent = T.other;
// The other language keeps the edition and the category the reader is looking at.
const otherHref = () => other.href = `?lang=${lang === "ar" ? "en" : "ar"}&edition=${edition}` +
  (current ? `&category=${encodeURIComponent(current)}` : "");
otherHref();
document.getElementById("legend").innerHTML = ["jury", "metrics", "public"].map(k => `<span><i class="${k}"></i>${T[k]}</span>`).join("");
document.getElementById("countries-caption").textContent = T.countries;
document.getElementById("sectors-caption").textContent = T.sectors;

// "no-cache": revalidate with the ETag every time. The API allows caching for 5 s, and a board event
// arriving within those 5 s would otherwise redraw the old board from the browser's cache.
async function json(url) { const r = await fetch(url, {cache: "no-cache"}); return r.ok ? r.json() : null; }

const nav = document.getElementById("tabs");
let shown = null;
// The edition's own names for categories, countries and sectors, in the page's language; a code the
// edition does not name (or an edition not known yet) shows as itself.
let names = {};
async function loadNames() { names = (await json(`/editions/${edition}`)) || {}; }
const label = (kind, code) => esc(((names[kind] || {})[code] || {})[lang] || code);

async function tabs() {
  const categories = (await json(`/editions/${edition}/leaderboards`) || []).map(b => b.category);
  // Rebuilt only when the categories change: rebuilding on every board event would take the focus
  // away from a keyboard user sitting on a tab.
  if (nav.dataset.categories !== categories.join("|")) {
    nav.dataset.categories = categories.join("|");
    nav.innerHTML = categories.map(c => `<button role="tab" id="tab-${esc(c)}" aria-controls="panel" ` +
      `data-category="${esc(c)}">${label("categories", c)}</button>`).join("");
    nav.querySelectorAll("button").forEach(b => b.onclick = () => show(b.dataset.category));
    select(current);
  }
  if (!categories.length) return;
  if (!categories.includes(current)) show(categories[0]);
  else if (shown !== current) show(current);
}

// One tab in the page's Tab order (the selected one); the arrow keys move between tabs, in reading
// direction (ArrowLeft is "next" in Arabic), Home and End go to the first and last.
function select(category) {
  const buttons = [...nav.querySelectorAll("[role=tab]")];
  const chosen = buttons.find(b => b.dataset.category === category) || buttons[0];
  buttons.forEach(b => { b.setAttribute("aria-selected", b === chosen && b.dataset.category === category);
                         b.tabIndex = b === chosen ? 0 : -1; });
  if (chosen) document.getElementById("panel").setAttribute("aria-labelledby", chosen.id);
}

nav.addEventListener("keydown", e => {
  const buttons = [...nav.querySelectorAll("[role=tab]")], at = buttons.indexOf(document.activeElement);
  if (at < 0) return;
  const [next, previous] = document.dir === "rtl" ? ["ArrowLeft", "ArrowRight"] : ["ArrowRight", "ArrowLeft"];
  const to = {[next]: (at + 1) % buttons.length, [previous]: (at + buttons.length - 1) % buttons.length,
              Home: 0, End: buttons.length - 1}[e.key];
  if (to === undefined) return;
  e.preventDefault();
  buttons[to].focus();
  show(buttons[to].dataset.category);
});

async function show(category) {
  current = category;
  select(category);
  params.set("category", category);
  history.replaceState(null, "", "?" + params);
  otherHref();
  const board = await json(`/editions/${edition}/leaderboards/${encodeURIComponent(category)}`);
  if (!board || category !== current) return;  // a later choice won while this one was loading
  shown = category;
  document.getElementById("board-caption").innerHTML = `${T.category}: ${label("categories", category)}`;
  document.querySelector("#board thead").innerHTML = `<tr><th scope="col">${T.rank}</th><th scope="col">${T.name}</th>` +
    `<th scope="col" class="hide-narrow">${T.country}</th><th scope="col">${T.standing}</th><th scope="col">${T.parts}</th></tr>`;
  document.querySelector("#board tbody").innerHTML = board.rows.map(r => `<tr data-id="${esc(r.nomination_id)}">` +
    `<td>${num(r.rank, 0)}</td><th scope="row">${name(r)}</th><td class="hide-narrow">${label("countries", r.country)}</td>` +
    `<td>${num(r.standing, 2)}</td><td><div class="bars" aria-label="${T.jury} ${num(r.components.jury)}, ${T.metrics} ${num(r.components.metrics)}, ${T.public} ${num(r.components.public)}">` +
    ["jury", "metrics", "public"].map(k => `<div class="bar ${k}" style="width:${r.components[k] || 0}%"></div>`).join("") +
    `</div></td></tr>`).join("");
}

async function tables() {
  const countries = await json(`/editions/${edition}/countries`);
  if (countries) {
    document.querySelector("#countries thead").innerHTML = `<tr><th scope="col">${T.country}</th><th scope="col">${T.nominations}</th>` +
      `<th scope="col">${T.accepted}</th><th scope="col">${T.gold}</th><th scope="col">${T.silver}</th><th scope="col">${T.bronze}</th></tr>`;
    document.querySelector("#countries tbody").innerHTML = countries.rows.map(c => `<tr><th scope="row">${label("countries", c.country)}</th>` +
      `<td>${num(c.nominations, 0)}</td><td>${num(c.accepted, 0)}</td><td>${num(c.gold, 0)}</td><td>${num(c.silver, 0)}</td><td>${num(c.bronze, 0)}</td></tr>`).join("");
  }
  const sectors = await json(`/editions/${edition}/sectors`);
  if (sectors) {
    // One 26px row per sector, however few there are; the label sits at the reading start (text-anchor
    // "start" follows the page's direction, so it is the right edge in Arabic) and the bar beside it.
    const rows = sectors.rows, max = Math.max(1, ...rows.map(r => r.accepted)), h = 26;
    const chart = document.getElementById("sectors");
    chart.setAttribute("height", rows.length * h + 4);
    chart.innerHTML = rows.map((r, i) =>
      `<g><rect x="${lang === "ar" ? 60 - 60 * r.accepted / max : 40}%" y="${i * h + 2}" width="${60 * r.accepted / max}%" height="${h - 6}" fill="#0b6e4f"></rect>` +
      `<text x="${lang === "ar" ? 100 : 0}%" y="${i * h + h / 2 + 4}" text-anchor="start" font-size="12">${label("sectors", r.sector)} (${num(r.accepted, 0)})</text></g>`).join("");
  }
}

async function winners() {
  const w = await json(`/editions/${edition}/winners`);
  if (!w) return;
  document.getElementById("winners").hidden = false;
  document.getElementById("winners-title").textContent = T.winners;
  document.getElementById("winners-list").innerHTML = w.rows.map(m => `<li>${label("categories", m.category)} — ${T[m.medal]}: ${name(m)} (${num(m.standing, 2)})</li>`).join("");
}

const POLL_MS = 5000;

function live() {
  const source = new EventSource(`/editions/${edition}/stream`);
  const status = document.getElementById("status");
  source.onopen = () => status.textContent = "● " + T.live;
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) { status.textContent = T.offline; return; }
    // Refused for good (503: too many live pages open): the boards are reloaded every few seconds instead.
    status.textContent = "↻ " + T.polling;
    setInterval(() => { tabs(); tables(); winners(); if (current) show(current); }, POLL_MS);
  };
  source.addEventListener("board", e => {
    const n = JSON.parse(e.data);
    tabs(); tables();
    // the changed board, or any board at all while the table is still empty (first load under load)
    if (n.category === current || !document.querySelector("#board tbody tr")) show(current || n.category);
  });
  source.addEventListener("winners", () => { winners(); tables(); });
}

loadNames().then(() => { tabs(); tables(); winners(); live(); });
