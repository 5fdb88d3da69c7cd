import { attrs, html, type Html } from '../views/html.js';

/** Form controls with their label, hint and error tied to them (aria-describedby, aria-invalid). */
export interface TextFieldOptions {
  id: string;
  /** The form field's name (the id by default). */
  name?: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'number' | 'search';
  value?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  pattern?: string;
  maxlength?: number;
}

export function textField(options: TextFieldOptions): Html {
  const hintId = options.hint ? `${options.id}-hint` : undefined;
  const errorId = options.error ? `${options.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return html`<div class="field">
<label for="${options.id}">${options.label}</label>
${options.hint && html`<p class="hint" id="${hintId}">${options.hint}</p>`}
${options.error && html`<p class="field-error" id="${errorId}">${options.error}</p>`}
<input${attrs({
    id: options.id,
    name: options.name ?? options.id,
    type: options.type ?? 'text',
    value: options.type === 'password' ? undefined : options.value,
    required: options.required,
    autocomplete: options.autocomplete,
    inputmode: options.inputmode,
    pattern: options.pattern,
    maxlength: options.maxlength,
    'aria-describedby': describedBy,
    'aria-invalid': options.error ? 'true' : undefined,
  })}>
</div>`;
}

export function selectField(options: { id: string; name?: string; label: string; value?: string; choices: readonly { value: string; label: string }[]; error?: string }): Html {
  const errorId = options.error ? `${options.id}-error` : undefined;
  return html`<div class="field">
<label for="${options.id}">${options.label}</label>
${options.error && html`<p class="field-error" id="${errorId}">${options.error}</p>`}
<select${attrs({ id: options.id, name: options.name ?? options.id, 'aria-describedby': errorId, 'aria-invalid': options.error ? 'true' : undefined })}>${options.choices.map(
    (choice) => html`<option value="${choice.value}"${choice.value === options.value ? html` selected` : false}>${choice.label}</option>`,
  )}</select>
</div>`;
}
