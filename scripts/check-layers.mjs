#!/usr/bin/env node
// Fails when the app's top-level modules (state, repo, storage, sync, screens, …) import each
// other in a cycle. Layers that only point one way can be understood, tested and replaced one at
// a time; a cycle makes two modules one, whatever the file names say.
//
// The graph comes from the source text: every `crate::…` path (including `use crate::{a, b}`)
// and every `super::…` path that climbs to the crate root, outside comments and strings.
// Usage: node scripts/check-layers.mjs [crate-src-dir]   (default: app/src)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const src = process.argv[2] ?? join(root, 'app', 'src');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith('.rs') ? [path] : [];
  });
}

// `state/sample_data.rs` -> ['state', 'sample_data']; `repo/mod.rs` -> ['repo']; lib.rs -> [].
function modulePath(file) {
  const parts = relative(src, file).split(sep);
  const last = parts.pop().replace(/\.rs$/, '');
  if (!(parts.length === 0 && (last === 'lib' || last === 'main')) && last !== 'mod') {
    parts.push(last);
  }
  return parts;
}

// Source without comments, strings and char literals, so prose never counts as a dependency.
// One pass from left to right, since `"https://…"` holds a `//` and `// "` holds a quote.
function code(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i, i + 2);
    if (rest === '//') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (rest === '/*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (/^r#*"/.test(text.slice(i, i + 8)) && !/\w/.test(text[i - 1] ?? '')) {
      const hashes = text.slice(i + 1).match(/^#*/)[0];
      const end = text.indexOf(`"${hashes}`, i + 2 + hashes.length);
      i = end < 0 ? text.length : end + 1 + hashes.length;
      out += '""';
    } else if (text[i] === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      out += '""';
    } else if (/^'(\\.|[^'\\\n])'/.test(text.slice(i, i + 4))) {
      i += text.slice(i, i + 4).match(/^'(\\.|[^'\\\n])'/)[0].length;
      out += "' '";
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

// The first identifier of each item in `{a, b::c, d as e}`, nesting respected.
function braceItems(text, open) {
  let depth = 0;
  let item = '';
  const items = [];
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (c === '{') {
      depth += 1;
      if (depth === 1) continue;
    }
    if (c === '}') {
      depth -= 1;
      if (depth === 0) {
        items.push(item);
        break;
      }
    }
    if (c === ',' && depth === 1) {
      items.push(item);
      item = '';
    } else {
      item += c;
    }
  }
  return items.map((s) => s.trim().match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0]).filter(Boolean);
}

const tops = new Set(
  [...code(readFileSync(join(src, 'lib.rs'), 'utf8')).matchAll(/\bmod\s+([a-z_][a-z0-9_]*)\s*;/g)]
    .map((m) => m[1]),
);
const edges = new Map([...tops].map((t) => [t, new Map()])); // from -> (to -> first file)

for (const file of files(src)) {
  const path = modulePath(file);
  const from = path[0];
  if (!from || !tops.has(from)) continue;
  const text = code(readFileSync(file, 'utf8'));
  const targets = [];
  for (const m of text.matchAll(/\b(crate|(?:super\s*::\s*)*super)\s*::\s*(\{|[A-Za-z_]\w*)/g)) {
    const ups = (m[1].match(/super/g) ?? []).length;
    if (ups > 0 && ups < path.length) continue; // stays inside this top-level module
    if (m[2] === '{') {
      targets.push(...braceItems(text, m.index + m[0].length - 1));
    } else {
      targets.push(m[2]);
    }
  }
  for (const to of targets) {
    if (to !== from && tops.has(to) && !edges.get(from).has(to)) {
      edges.get(from).set(to, relative(root, file));
    }
  }
}

// Depth-first search; a grey node reached again closes a cycle.
const colour = new Map();
const stack = [];
const cycles = [];
function visit(node) {
  colour.set(node, 'grey');
  stack.push(node);
  for (const next of [...edges.get(node).keys()].sort()) {
    if (colour.get(next) === 'grey') {
      cycles.push([...stack.slice(stack.indexOf(next)), next]);
    } else if (!colour.has(next)) {
      visit(next);
    }
  }
  stack.pop();
  colour.set(node, 'black');
}
[...tops].sort().forEach((t) => colour.has(t) || visit(t));

if (process.env.VERBOSE) {
  for (const [from, to] of [...edges].sort()) {
    console.log(`${from} -> ${[...to.keys()].sort().join(', ') || '(nothing)'}`);
  }
}
if (cycles.length > 0) {
  console.error(`import cycles between the top-level modules of ${relative(root, src)}:`);
  for (const cycle of cycles) {
    const steps = cycle.slice(1).map((to, i) => `${cycle[i]} -> ${to} (${edges.get(cycle[i]).get(to)})`);
    console.error(`  ${cycle.join(' -> ')}\n    ${steps.join('\n    ')}`);
  }
  console.error('make one of the two depend on the other only, e.g. through a callback or a lower module.');
  process.exit(1);
}
console.log(`no import cycles between the ${tops.size} top-level modules of ${relative(root, src)}`);
