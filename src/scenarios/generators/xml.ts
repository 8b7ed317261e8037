// Tiny XML writer for SUMO's plain-XML inputs: attributes in the order given, numbers rounded for stable diffs.

/** An attribute value; numbers are written with at most `DECIMALS` decimals. */
export type XmlValue = string | number | boolean;

/** Decimals kept in coordinates and lengths (0.01 mm): enough for SUMO, stable across platforms. */
const DECIMALS = 5;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} into SUMO XML`);
  const rounded = Number(value.toFixed(DECIMALS));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<tag a="1" b="x"/>` with attributes in insertion order; undefined values are left out. */
export function element(tag: string, attributes: Readonly<Record<string, XmlValue | undefined>>, children?: readonly string[]): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, XmlValue] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escape(typeof value === 'number' ? formatNumber(value) : String(value))}"`)
    .join('');
  if (!children || children.length === 0) return `<${tag}${attrs}/>`;
  return `<${tag}${attrs}>\n${children.map((c) => indent(c)).join('\n')}\n</${tag}>`;
}

export function comment(text: string): string {
  return `<!-- ${text.replace(/--/g, '- -')} -->`;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}

/** A whole document: the XML declaration, a generated-by note, and the root element with its schema. */
export function document(root: string, schema: string, children: readonly string[], note: string): string {
  const body = children.map((c) => indent(c)).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    comment(note),
    `<${root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://sumo.dlr.de/xsd/${schema}">`,
    body,
    `</${root}>`,
    '',
  ].join('\n');
}

/** A SUMO shape attribute: "x1,y1 x2,y2 ...". */
export function shape(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y]) => `${formatNumber(x)},${formatNumber(y)}`).join(' ');
}
