// Print how the `yaml` npm library writes many tricky values, with the options Sveltia CMS uses.
//
// tests/test_fmt.py checks that sitegen/content/yaml_writer.py writes the same bytes for every
// case, so that a file saved by the browser editor and a file formatted by `generate.py fmt`
// are the same file. Sveltia CMS 0.221.1 bundles yaml 2.9.1 (its source map names
// node_modules/.pnpm/yaml@2.9.1) and calls it in its YAML formatter as below, with
// `output.yaml.quote: none`.
//
// Usage, from the repository's root, with the library installed outside the repository:
//   npm install --prefix /tmp/yaml-corpus yaml@2.9.1
//   node scripts/yaml_corpus.mjs /tmp/yaml-corpus/node_modules/yaml > tests/data/yaml_stringify.json

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const VERSION = "2.9.1";
const OPTIONS = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  defaultKeyType: "PLAIN",
  defaultStringType: "PLAIN",
  singleQuote: true,
};

const folder = process.argv[2];
if (!folder) {
  console.error("usage: node scripts/yaml_corpus.mjs <path to node_modules/yaml>");
  process.exit(2);
}
const version = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")).version;
if (version !== VERSION) {
  console.error(`yaml ${version} found, but Sveltia CMS bundles ${VERSION}: npm install yaml@${VERSION}`);
  process.exit(2);
}
const { stringify } = await import(pathToFileURL(join(folder, "dist", "index.js")).href);

// Texts a volunteer may type, and texts YAML may read as something else.
const LONG = "Une tente solide, qui tient la pluie et le vent, pour deux personnes. ".repeat(6).trim();
const STRINGS = [
  "plain",
  "two words",
  "with: colon and space",
  "colon:without space",
  "ends with a colon:",
  "https://example.org/path?query=1#fragment",
  "mailto:contact@example.org",
  "10:30",
  "1:20:30",
  "a #hashtag",
  "a#hash",
  "#starts with a hash",
  "Lot #1 du camp",
  "- leading dash and space",
  "-leading dash",
  "-20%",
  "-",
  "--",
  "?",
  "? question",
  "?question",
  ":",
  ": colon first",
  "x :",
  "'apostrophe first",
  "l'apostrophe",
  "Il m'a dit : « merci »",
  '"double" first',
  'say "hi"',
  "both ' and \"",
  "it's \"quoted\"",
  "yes",
  "no",
  "Yes",
  "NO",
  "on",
  "off",
  "y",
  "n",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "null",
  "Null",
  "NULL",
  "nULL",
  "~",
  "",
  " ",
  "  ",
  "1",
  "0",
  "-1",
  "+1",
  "007",
  "1.0",
  "39.90",
  "1,5",
  "1e3",
  "1E3",
  "1.5e-3",
  ".5",
  "5.",
  "+.5",
  ".inf",
  "-.Inf",
  ".nan",
  ".NaN",
  "0x1F",
  "0x1f",
  "0o17",
  "0b101",
  "1_000",
  "2026-01-05",
  "2026-01",
  "2026",
  "11-01",
  "2026-01-05T10:00:00Z",
  " leading space",
  "trailing space ",
  "\tleading tab",
  "trailing tab\t",
  "a\ttab inside",
  "no\u00a0break space",
  "trailing no-break space\u00a0",
  "\u00a0leading no-break space",
  "ünïcödé",
  "Vêtements d'occasion",
  "日本語のテキスト",
  "emoji 😀 inside",
  "😀",
  "مرحبا بالعالم",
  "هر شبی که باتری پر بود، صدای مادرم را می‌شنیدم.",
  "سلام: دوستان",
  "שלום עולם",
  "ትግርኛ ጽሑፍ",
  "mixed العربية and Latin",
  "\u200fright-to-left mark first",
  "zero\u200bwidth space",
  "&anchor",
  "*alias",
  "!tag",
  "!!str",
  "%percent",
  "@at",
  "`backtick",
  "|pipe",
  ">greater",
  "a > b",
  "a | b",
  "[bracket",
  "]",
  "{brace",
  "}",
  ",comma",
  "a, b",
  "a [b]",
  "{a: b}",
  "[a, b]",
  "---",
  "--- x",
  "---x",
  "...",
  "... x",
  "a---",
  "C:\\path\\file",
  "back\\slash",
  "a\\nb",
  "control\u0001char",
  "bell\u0007",
  "escape\u001b",
  "null\u0000char",
  "vertical\u000btab",
  "form\u000cfeed",
  "delete\u007f",
  "next line\u0085x",
  "carriage\rreturn",
  "windows\r\nline",
  "line\u2028separator",
  "paragraph\u2029separator",
  "byte order\ufeffmark",
  LONG,
  "x".repeat(300),
  // Texts on several lines: block literals, or quotes when a block cannot hold them.
  "line one\nline two",
  "line one\nline two\n",
  "line one\nline two\n\n",
  "line one\nline two\n\n\n",
  "line one\n\nline three",
  "\nleading newline",
  "\n\nleading newlines\nx",
  " indented first line\nsecond",
  "  code\n  block\n",
  "first\n  indented second",
  "first\n\tsecond with a tab",
  "trailing space \nnext line",
  "trailing space on a long line of text, long enough \nnext",
  "line\n ",
  "line\n\t",
  "line\n \n",
  "a\n\n\n",
  "\n",
  "\n\n",
  "   \n  \n",
  "x\n \n y",
  "x\n\n  y\n",
  "\n  \nafter blank lines with spaces",
  "# A heading\n\nSome **bold** text.\n",
  "- first item\n- second item\n",
  "key: value\nother: value",
  "quote 'a'\nb",
  'say "a"\nb',
  "both ' and \"\nb",
  "---\nfront",
  "text\n---\nmore",
  "text\n...\nmore",
  "...\nx",
  "%YAML 1.2\nx",
  "#!shebang\nx",
  "a: b\n",
  "tab\tinside\nsecond",
  "control\u0001\nsecond",
  "ends with spaces   ",
  "Beaucoup de personnes arrivent en baskets usées, parfois en sandales. Une\nbonne paire de chaussures montantes et imperméables dure tout un hiver.\n\n- chaussures **neuves**, imperméables, montantes ;\n- pas de chaussures de ville ni de talons.\n",
  "برای شارژ کردن گوشی باید به مرکز روزانه می‌رفتیم.\n\nوقتی باتری همراه را به من دادند، اول باورم نشد که مال خودم است.",
  `${LONG}\n${LONG}`,
];

const NUMBERS = [
  0, 1, -1, 7, 12, 45, 100, 1000000, 39.9, 11.9, 0.1, 0.5, 1.1, 3.14159, 12.5, 123456789.125, 0.000001,
  0.0000001, 1e-7, 1e20, 1e21, 1.5e300, 2 ** 53, 0.1 + 0.2, 1 / 3, -2.5, 5e-324, 1.7976931348623157e308,
];

const cases = [];
const add = (name, value) => cases.push({ name, value, yaml: stringify(value, null, OPTIONS) });

STRINGS.forEach((text, n) => {
  add(`string ${n} as a value`, { text });
  add(`string ${n} in a list`, { items: [text] });
  add(`string ${n} in a list of mappings`, { list: [{ label: text, url: "https://example.org/" }] });
  add(`string ${n} nested`, { a: { b: [{ c: { d: text } }] } });
  add(`string ${n} in a list of lists`, { a: [[text, "x"]] });
  add(`string ${n} as the document`, text);
  if (text.length < 1000) add(`string ${n} as a key`, { [text]: 1 });
});
NUMBERS.forEach((number, n) => {
  add(`number ${n}`, { price: number });
  add(`number ${n} in a list`, { needed: [number, number] });
});
add("booleans", { draft: true, withdrawn: false, list: [true, false] });
add("null in a list", { list: [null, "x"] });
add("null among values", { a: null, b: 1 });
add("empty list", { buy: [] });
add("empty mapping", { contact: {} });
add("empty collections in a list", { a: [[], {}] });
add("empty document", {});
add("empty list document", []);
add("lists of lists", { a: [[1, 2], [3, [4, 5]]] });
add("list of mappings with lists", { a: [{ b: 1, c: [1, 2] }, { d: { e: [{ f: "g" }] } }] });
add("keys in the order given", { name: 1, category: 2, urgency: 3, status: 4, a: 5, z: 6 });
add("keys that look like numbers", { b: 1, 2: "two", 1: "one" });
add("an item", {
  name: { fr: "Chaussures de marche", en: "Walking shoes" },
  category: "vetements",
  urgency: "high",
  status: "needed",
  updated: "2026-11-05",
  quantity: { needed: 90, received: 22 },
  price: 45,
  summary: { fr: "Des chaussures qui tiennent la pluie et les kilomètres.", en: "Shoes that can take the rain." },
  description: { fr: "Une ligne.\n\n- **neuves** ;\n- montantes.", en: "One line.\n\nTwo." },
  image: { src: "chaussures-de-marche.jpg", alt: { fr: "Dessin d'une paire", en: "Drawing of a pair" } },
  buy: [{ label: { fr: "La Boutique", en: "La Boutique" }, url: "https://www.example.net/chaussures" }],
  sizes: { needed: [{ fr: "39", en: "39" }, { fr: "6 mois", en: "6 months" }] },
  season: { start: "11-01", end: "03-31" },
});
add("a testimony's front matter", {
  author: { fr: "Arach", en: "Arash" },
  items: ["batterie-externe", "tente"],
  date: "2021",
  place: { fr: "le camp près des dunes", en: "the camp near the dunes" },
  lang: "fa",
  consent: { date: "2023-03-18", review: "2027-03" },
  quote: "هر شبی که باتری پر بود، صدای مادرم را می‌شنیدم.",
  draft: true,
});

process.stdout.write(`${JSON.stringify({ yaml: VERSION, options: OPTIONS, cases }, null, 1)}\n`);
