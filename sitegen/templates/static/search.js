/* Site search, in the browser, against Pagefind's index of the page language.

   templates/search.html holds a hidden form; this script shows it, and on each
   submission (Enter or the button) searches the index sitegen/search/index.py wrote
   into pagefind/ at build time. A large site's index is in shards: pagefind/
   shards.json lists the bundles that hold each language; the first one's
   pagefind.js is loaded and the others merged into it (mergeIndex), so one
   search ranks the pages of every shard together. The results are an <ol> of
   links built as DOM nodes (no innerHTML), the count is said in the live
   region, and focus stays in the field. Twenty results are shown at first, and
   "Show more results" adds twenty more, each time fetching only their excerpts
   and moving focus to the first new one. The query goes into the address
   (?q=...), so a search can be shared or reloaded.

   Messages come from the form's data-* attributes, written in the page language
   by the template: {count} and {query} are filled in here. */

const form = document.querySelector("form.search-form[data-bundle]");
const PAGE = 20; // results shown at a time

if (form) {
  start(form);
}

function start(form) {
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("search-status");
  const section = document.querySelector(".search-results");
  const list = document.getElementById("search-results");
  const messages = form.dataset;
  const lang = document.documentElement.lang;
  let pagefind = null; // the module with every shard merged, once loaded (null if nothing is indexed): a promise
  let latest = 0; // the newest search; older ones are dropped when they finish
  const more = document.getElementById("search-more");
  let waiting = []; // results of the newest search not shown yet: their excerpts are fetched on demand

  function load() {
    if (!pagefind) {
      pagefind = open(new URL(messages.bundle, document.baseURI), messages.root, lang);
      pagefind.catch(() => {
        pagefind = null; // try again at the next search
      });
    }
    return pagefind;
  }

  function say(text) {
    status.textContent = text;
  }

  function counted(count, query) {
    const template = count === 0 ? messages.countZero : count === 1 ? messages.countOne : messages.countMany;
    return template.replace("{count}", count.toLocaleString(lang)).replace("{query}", query);
  }

  function show(results) {
    list.replaceChildren(...results.map(entry));
    section.hidden = results.length === 0;
    more.hidden = waiting.length === 0;
  }

  /* Fetch the excerpts of the next PAGE results only: a phone asks for twenty, not two thousand. */
  async function next() {
    const batch = waiting.slice(0, PAGE);
    waiting = waiting.slice(PAGE);
    return Promise.all(batch.map((result) => result.data()));
  }

  async function showMore() {
    const ticket = latest;
    let results;
    try {
      results = await next();
    } catch (error) {
      console.warn("search failed:", error);
      return;
    }
    if (ticket !== latest) {
      return;
    }
    const entries = results.map(entry);
    list.append(...entries);
    more.hidden = waiting.length === 0;
    if (entries.length > 0) {
      entries[0].querySelector("a").focus(); // keyboard and screen reader users go on from the first new one
    }
  }

  function remember(query) {
    const address = new URL(window.location.href);
    if (query) {
      address.searchParams.set("q", query);
    } else {
      address.searchParams.delete("q");
    }
    window.history.replaceState(null, "", address);
  }

  async function run(text) {
    const query = text.trim();
    const ticket = ++latest;
    remember(query);
    if (!query) {
      waiting = [];
      show([]);
      say(messages.empty);
      return;
    }
    let results;
    let count;
    try {
      const module = await load();
      const search = module ? await module.search(query) : { results: [] };
      if (ticket !== latest) {
        return; // a newer search is on its way
      }
      waiting = search.results;
      count = waiting.length;
      results = await next();
    } catch (error) {
      if (ticket === latest) {
        waiting = [];
        show([]);
        say(messages.failed);
      }
      console.warn("search failed:", error);
      return;
    }
    if (ticket !== latest) {
      return; // a newer search is on its way
    }
    show(results);
    say(counted(count, query));
  }

  more.addEventListener("click", showMore);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  input.addEventListener("focus", () => load(), { once: true }); // fetch the index while the visitor types

  form.hidden = false;
  document.getElementById("search-needs-js").hidden = true;
  const shared = new URLSearchParams(window.location.search).get("q");
  if (shared) {
    input.value = shared;
    run(shared);
  }
}

/* Load the first bundle of the page language, merge the others into it, and
   return Pagefind's module, or null when no page of that language is indexed.
   Every bundle gives its results' addresses from the site root (baseUrl), so
   they are right under a sub-path such as /project/. */
async function open(bundle, root, lang) {
  const folder = new URL(".", bundle);
  const response = await fetch(new URL("shards.json", folder));
  if (!response.ok) {
    throw new Error(`shards.json: ${response.status}`);
  }
  const languages = (await response.json()).languages;
  const code = lang.toLowerCase();
  const places = languages[code] || languages[code.split("-")[0]] || [];
  if (places.length === 0) {
    return null;
  }
  const module = await import(new URL("pagefind.js", new URL(places[0], folder)).href);
  await module.options({ baseUrl: root });
  const language = languages[code] ? code : code.split("-")[0];
  const others = places.slice(1).map((place) => new URL(place, folder).href);
  await Promise.all(others.map((place) => module.mergeIndex(place, { baseUrl: root, language })));
  return module;
}

/* One result: its title as a linked heading, then the excerpt with the matched words marked. */
function entry(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h3");
  heading.className = "search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  excerpt.append(...marked(data.excerpt || ""));
  item.append(heading, excerpt);
  return item;
}

/* Pagefind's excerpt is escaped text with <mark> around the matches. It is parsed
   in an inert document and copied as text nodes and <mark> elements only, so
   nothing else it might hold can reach the page. */
function marked(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  return Array.from(parsed.body.childNodes, (node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}
