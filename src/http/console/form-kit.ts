import { attrs, html, type Html } from '../views/html.js';
import type { AppError, FieldError } from '../../errors.js';
import { inputId, inputOfError, type FieldCodec, type FormValues } from './form-codec.js';
import type { WorkMessages } from './work-messages.js';
import { errorSummary } from '../views/page-kit.js';

/**
 * The inputs of the console's work forms, each labelled, with its hint and its error tied to it
 * (aria-describedby), and the error summary at the top linking to each input at fault (GOV.UK's pattern,
 * which WCAG's techniques cite): a person using a keyboard or a screen reader goes from the error to the field.
 */

export type Control = 'text' | 'email' | 'date' | 'number' | 'url' | 'textarea' | 'select' | 'checkboxes';

export interface Input {
  pointer: string;
  label: string;
  control: Control;
  hint?: string;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
  /** For number inputs: the smallest step (marks in quarter points). */
  step?: string;
  autocomplete?: string;
}

/** One error to show: which input (if one is at fault), what it is called, what is wrong. */
export interface FormError {
  pointer: string | undefined;
  label: string;
  message: string;
}

/** What a refusal without field errors means for the person (the problem's own detail is English, for programs). */
function refusalMessage(error: AppError, m: WorkMessages): string | undefined {
  if (error.code === 'status-change-refused') return m.conflicts.statusRefused;
  if (error.code === 'credential-not-active') return m.conflicts.notActive;
  if (error.code === 'conflict') return ({ '/assessment': m.conflicts.notAssessed, '/sendEmail': m.conflicts.noSmtp, '/participant/email': m.conflicts.stayExists } as Record<string, string>)[error.field ?? ''];
  return undefined;
}

/**
 * The inputs a missing member is about: the input itself, or, for a missing object (the whole host left
 * empty), each required input inside it, so that the person sees every field to fill in.
 */
function inputsOfMissing(field: string, inputs: readonly Input[], codecs: readonly FieldCodec[]): (string | undefined)[] {
  const inside = inputs.filter((input) => input.required && input.pointer.startsWith(`${field}/`));
  return inside.length > 0 ? inside.map((input) => input.pointer) : [inputOfError({ field, message: '' }, codecs)];
}

/**
 * The errors of a refused submission (or of several refusals at once: the schema's and the rules'), in the
 * page's words and in the form's order, one an input, each tied to its input when there is one.
 */
export function formErrors(refusal: AppError | readonly AppError[], inputs: readonly Input[], codecs: readonly FieldCodec[], m: WorkMessages): FormError[] {
  const errors = [refusal].flat().flatMap((error) => {
    const rules = Array.isArray(error.extensions.rules) ? (error.extensions.rules as string[]) : [];
    const fieldErrors: FieldError[] = error.errors.length ? error.errors : [{ field: error.field ?? '', message: error.message }];
    return fieldErrors.flatMap((fieldError, index) => {
      const missing = fieldError.message.startsWith('must have required property');
      const pointers = missing ? inputsOfMissing(fieldError.field, inputs, codecs) : [inputOfError(fieldError, codecs)];
      return pointers.map((pointer): FormError => {
        const input = inputs.find((candidate) => candidate.pointer === pointer);
        const rule = rules[index];
        // Free text of the wrong shape: the field's hint says what it takes ("Two letters, e.g. FR").
        const invalid = input?.hint && input.control === 'text' ? m.common.fieldInvalidAs(input.hint) : m.common.fieldInvalid;
        const message =
          (rule && m.rules[rule]) ??
          (error.errors.length === 0 ? refusalMessage(error, m) : undefined) ??
          (missing ? (input && !input.required ? m.common.fieldNeededWithOthers : m.common.fieldRequired) : invalid);
        return { pointer, label: input?.label ?? '', message };
      });
    });
  });
  const order = (error: FormError) => inputs.findIndex((input) => input.pointer === error.pointer);
  const firstOfEachInput = errors.filter((error, index) => error.pointer === undefined || errors.findIndex((other) => other.pointer === error.pointer) === index);
  return firstOfEachInput.sort((a, b) => order(a) - order(b));
}

/** A work form's errors, each saying which field, linked to it. */
export function formErrorSummary(errors: readonly FormError[], m: WorkMessages): Html | undefined {
  return errorSummary(
    errors.map((error) => ({
      field: error.pointer && inputId(error.pointer),
      message: error.label ? m.common.fieldMessage(error.label, error.message) : error.message,
    })),
    m.common.errorSummaryTitle,
  );
}

function valueOf(values: FormValues, pointer: string): string {
  const value = values[pointer];
  return Array.isArray(value) ? value[0] ?? '' : value ?? '';
}

/** One labelled input with its hint and error, keeping the value typed. */
export function inputField(input: Input, values: FormValues, errors: readonly FormError[], m: WorkMessages): Html {
  const id = inputId(input.pointer);
  const error = errors.find((candidate) => candidate.pointer === input.pointer);
  const hintId = input.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const label = html`${input.label}${input.required ? html` <span class="required">${m.common.required}</span>` : ''}`;
  const hint = input.hint ? html`<p class="hint" id="${hintId}">${input.hint}</p>` : undefined;
  const message = error ? html`<p class="field-error" id="${errorId}">${error.message}</p>` : undefined;
  const common = { id, name: input.pointer, 'aria-describedby': describedBy, 'aria-invalid': error ? 'true' : undefined, required: input.required };
  if (input.control === 'checkboxes') {
    const checked = new Set([values[input.pointer]].flat().filter((value): value is string => value !== undefined));
    return html`<fieldset class="field${error ? ' has-error' : ''}" id="${id}" tabindex="-1"${attrs({ 'aria-describedby': describedBy })}><legend>${label}</legend>${hint}${message}
${(input.options ?? []).map(
  (option, index) =>
    html`<div class="checkbox"><input type="checkbox" id="${id}-${index}" name="${input.pointer}" value="${option.value}"${attrs({ checked: checked.has(option.value) })}><label for="${id}-${index}">${option.label}</label></div>`,
)}</fieldset>`;
  }
  const value = valueOf(values, input.pointer);
  let control: Html;
  if (input.control === 'textarea') {
    control = html`<textarea${attrs(common)} rows="4">${value}</textarea>`;
  } else if (input.control === 'select') {
    control = html`<select${attrs(common)}>${(input.options ?? []).map((option) => html`<option value="${option.value}"${attrs({ selected: option.value === value })}>${option.label}</option>`)}</select>`;
  } else if (input.control === 'number') {
    // A mark as the reader writes it (6,5 in French); either separator is read back.
    const shown = /^-?\d+\.\d+$/.test(value) ? value.replace('.', m.common.decimalSeparator) : value;
    control = html`<input type="text" value="${shown}"${attrs({ ...common, inputmode: 'decimal', autocomplete: input.autocomplete })}>`;
  } else {
    control = html`<input type="${input.control}" value="${value}"${attrs({ ...common, autocomplete: input.autocomplete })}>`;
  }
  return html`<div class="field${error ? ' has-error' : ''}"><label for="${id}">${label}</label>${hint}${message}${control}</div>`;
}

/** A fieldset of inputs under a legend. */
export function fieldset(legend: string, inputs: readonly Input[], values: FormValues, errors: readonly FormError[], m: WorkMessages): Html {
  return html`<fieldset><legend>${legend}</legend>${inputs.map((input) => inputField(input, values, errors, m))}</fieldset>`;
}

/** The options of a select: "choose" (or another empty option) first, then each value with its words. */
export function optionsOf<K extends string>(values: readonly K[], words: Record<K, string>, empty?: string): { value: string; label: string }[] {
  return [...(empty === undefined ? [] : [{ value: '', label: empty }]), ...values.map((value) => ({ value, label: words[value] }))];
}

/**
 * A read-only link with a copy button (the button appears only with copy-buttons.js, which the page must
 * load): without the script, the link is selected and copied by hand. The field wraps to a phone's width.
 */
export function copyField(id: string, label: string, value: string, words: { copy: string; copied: string }): Html {
  return html`<div class="copy-field"><label for="${id}" class="visually-hidden">${label}</label>
<input type="text" id="${id}" readonly value="${value}">
<button type="button" class="secondary" data-copy="${id}" data-copied="${words.copied}" hidden>${words.copy}</button></div>`;
}

/** The console's CSRF token as a form field. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
