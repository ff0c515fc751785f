// The editor's file formats for our content (admin/formats.js), so that a text written as a plain string
// survives a save. The editor edits a text readers see as one field per language and drops a plain
// string there; our reader takes `place: Calais` for {fr: Calais, en: Calais} (a name stands for every
// language) and `summary: Une tente` for {fr: Une tente} (other texts are the default language's).
// Each collection's format (formats.json, from sitegen/editor/config.py) reads a file that way, and
// writes it exactly as the editor's own YAML writer does, so the canonical form is unchanged.
//
// A classic script loaded before the editor's: it asks the editor to wait (CMS_MANUAL_INIT), then
// starts it once the formats are registered, so that no file is read before (a returning volunteer
// is signed in, and the files read, as soon as the editor starts).

window.CMS_MANUAL_INIT = true;

// What the editor's YAML writer passes the same library, with the configuration's `output.yaml`
// (indent_size 2, indent_sequences, quote none): sitegen/content/yaml_writer.py writes the same.
const WRITE = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  defaultKeyType: 'PLAIN',
  defaultStringType: 'PLAIN',
  singleQuote: true,
};
// The editor's front matter: `---`, the YAML, `---`, then a blank line and the Markdown body.
const FRONT_MATTER = /^---\n(?<head>[\s\S]*?)\n---(?:\n(?<body>[\s\S]*))?$/;

// A plain text where the file has a text per language => the mapping the reader means.
const perLanguage = (value, kind, site) => {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return value;
  }
  const codes = kind === 'name' ? site.languages : [site.default];
  return Object.fromEntries(codes.map((code) => [code, String(value)]));
};

// Turn every plain text found where `texts` (formats.json) says a text per language is into a mapping.
const localized = (value, texts, site) => {
  if (typeof texts === 'string') {
    return perLanguage(value, texts, site);
  }
  if (Array.isArray(texts)) {
    return Array.isArray(value) ? value.map((entry) => localized(entry, texts[0], site)) : value;
  }
  if (!texts || !value || typeof value !== 'object' || Array.isArray(value)) {
    return value;
  }
  const fields = Object.entries(value).map(([key, inner]) => [key, localized(inner, texts[key] ?? texts['*'], site)]);
  return Object.fromEntries(fields);
};

const readYaml = (yaml, text) => yaml.parse(text) ?? {};

const writeYaml = (yaml, content) => yaml.stringify(content, null, WRITE).trim();

// A Markdown file: its front matter as YAML, the rest as `body`, as the editor reads it.
const readMarkdown = (yaml, text) => {
  const { head, body } = text.match(FRONT_MATTER)?.groups ?? {};
  if (head === undefined) {
    return { body: text };
  }
  const fields = yaml.parse(head);
  const values = fields && typeof fields === 'object' && !Array.isArray(fields) ? fields : {};
  return { ...values, body: body?.replace(/^\n/, '') };
};

const writeMarkdown = (yaml, { body, ...content }) => {
  const text = typeof body === 'string' ? body : '';
  if (!Object.keys(content).length) {
    return `${text}\n`;
  }
  return `---\n${writeYaml(yaml, content)}\n---\n${text ? `\n${text}\n` : ''}`;
};

const register = (yaml, name, { extension, texts }, site) => {
  const [read, write] = extension === 'md' ? [readMarkdown, writeMarkdown] : [readYaml, writeYaml];
  window.CMS.registerCustomFormat(name, extension, {
    fromFile: (text) => localized(read(yaml, text), texts, site),
    toFile: (content) => write(yaml, content),
  });
};

// Once the page is read (the editor's script has run), the YAML library loaded and formats.json read.
const ready = new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));

const start = async () => {
  const [yaml, site] = await Promise.all([
    import('./vendor/yaml/index.js'),
    fetch('formats.json').then((response) => response.json()),
    ready,
  ]);
  for (const [name, format] of Object.entries(site.formats)) {
    register(yaml, name, format, site);
  }
  window.CMS.init();
};

start();
