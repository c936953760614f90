// Test helper: a small XML well-formedness check for the SVG Loom writes (balanced tags, quoted attributes, no NaN or undefined anywhere).

export interface XmlCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** Element names in document order. */
  readonly elements: readonly string[];
}

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<\?xml[^>]*\?>|<!--[\s\S]*?-->/g;

/** Check that `text` is one well-formed element tree (text content may not hold a raw `<`). */
export function checkXml(text: string): XmlCheck {
  const problems: string[] = [];
  const elements: string[] = [];
  const stack: string[] = [];
  let last = 0;
  let roots = 0;
  for (const m of text.matchAll(TAG)) {
    const between = text.slice(last, m.index);
    if (between.includes('<') || between.includes('>')) problems.push(`stray markup near offset ${last}: ${between.slice(0, 60)}`);
    last = m.index! + m[0].length;
    if (!m[2]) continue;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    if (stack.length === 0) roots++;
    elements.push(name);
    if (!selfClosing) stack.push(name);
  }
  if (/<|>/.test(text.slice(last))) problems.push('stray markup at the end');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  if (/NaN|undefined|Infinity/.test(text)) problems.push('NaN, undefined or Infinity in the output');
  return { ok: problems.length === 0, problems, elements };
}
