import { codebookEntries, type CodebookEntry } from '../frames/codebook.js';
import type { Schema } from '../schema/schema.js';
import { block, escapeHtml, rowsToText } from './html.js';

function choicesHtml(choices: string): string {
  if (!choices) return '';
  // `code, label | code, label`: one option per line, the code set apart.
  return choices
    .split(' | ')
    .map((c) => {
      const comma = c.indexOf(',');
      return comma < 0
        ? escapeHtml(c)
        : `<code>${escapeHtml(c.slice(0, comma).trim())}</code> ${escapeHtml(c.slice(comma + 1).trim())}`;
    })
    .join('<br>');
}

function entryRow(e: CodebookEntry): string {
  const type = [e.type, e.validation].filter(Boolean).join(' · ');
  const range =
    e.min || e.max ? `<br><span class="rf-note">${escapeHtml(e.min || '…')} to ${escapeHtml(e.max || '…')}</span>` : '';
  const detail = e.calculation ? `<code>${escapeHtml(e.calculation)}</code>` : choicesHtml(e.choices);
  return (
    `<tr><td><b>${escapeHtml(e.field)}</b>${e.columns && e.columns !== e.field ? `<br><span class="rf-note">${escapeHtml(e.columns)}</span>` : ''}</td>` +
    `<td>${escapeHtml(e.label)}${e.note ? `<br><span class="rf-note">${escapeHtml(e.note)}</span>` : ''}</td>` +
    `<td>${escapeHtml(type)}${range}</td><td>${escapeHtml(e.frame_type)}</td><td>${detail}</td></tr>`
  );
}

/**
 * The codebook of a project as HTML: per form, each field with its label
 * and note, type and validation, range, frame type, and its choices (or
 * calculation).
 */
export function codebookToHtml(schema: Schema, options: { forms?: readonly string[] } = {}): string {
  const entries = codebookEntries(schema);
  const forms = options.forms ?? schema.forms.map((f) => f.name);
  const head =
    '<tr><th>field</th><th>label</th><th>REDCap type</th><th>frame type</th><th>choices / calculation</th></tr>';
  const sections = forms
    .map((name) => {
      const form = schema.form(name);
      if (!form) throw new Error(`The project has no form "${name}".`);
      const rows = entries
        .filter((e) => e.form === name)
        .map(entryRow)
        .join('');
      return (
        `<div class="rf-title">${escapeHtml(form.label)} <span class="rf-note">(${escapeHtml(name)})</span></div>` +
        `<div class="rf-scroll"><table class="rf-table"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`
      );
    })
    .join('');
  const fields = entries.filter((e) => forms.includes(e.form)).length;
  return block(
    `<p class="rf-note">${forms.length} form${forms.length === 1 ? '' : 's'}, ${fields} fields (form status included)</p>${sections}`,
    'Codebook',
    'data-rf="codebook"',
  );
}

/** The codebook as text. */
export function codebookToText(schema: Schema): string {
  return rowsToText(codebookEntries(schema), {
    columns: ['form', 'field', 'type', 'validation', 'frame_type', 'label', 'choices'],
    limit: Infinity,
    title: 'Codebook',
  });
}
