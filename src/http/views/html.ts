// TEMPORARY stand-in for the integrator's view layer (viewlayer.md), same API; replaced by main's on merge.
const HTML = Symbol('html');
export interface Html {
  readonly [HTML]: string;
}
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
export function raw(trusted: string): Html {
  return { [HTML]: trusted };
}
export function toHtmlString(h: Html): string {
  return h[HTML];
}
function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && HTML in value;
}
type Value = Html | string | number | boolean | null | undefined | readonly Value[];
function render(value: Value): string {
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isHtml(value)) return value[HTML];
  return escapeHtml(value);
}
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return raw(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]!) : ''), ''));
}
export function attrs(values: Record<string, string | number | boolean | undefined>): Html {
  return raw(
    Object.entries(values)
      .filter(([, v]) => v !== undefined && v !== false)
      .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
      .join(''),
  );
}
