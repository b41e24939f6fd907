/**
 * Writes a ProjectDefinition as CDISC ODM 1.3.1 with REDCap's extensions,
 * laid out as REDCap's own project XML export (see test/fixtures/redcapr),
 * so that REDCap can create a project from it and `parseOdm` reads back
 * exactly the definition that was written.
 */
import {
  checkboxColumnName,
  COMPLETE_CHOICES,
  parseChoices,
  TRUEFALSE_CHOICES,
  YESNO_CHOICES,
  type Choice,
} from '../../values/choices.js';
import type { DictionaryRow } from '../../schema/types.js';
import type { ProjectDefinition, RecordValue, ReportDefinition, StoredFile } from '../project-definition.js';
import {
  FIELD_TYPE_TO_ODM,
  GLOBAL_SETTINGS,
  ITEM_PLAIN_ATTRIBUTES,
  ROLE_ODM_NAME,
  ROLE_RIGHTS,
  textDataType,
  VALIDATION_TO_ODM,
  REPORT_ORDER_BY,
} from './odm-vocabulary.js';
import { uniqueGroupName } from './unique-group-name.js';
import { attrs, escapeText, serializeElement } from './xml-tree.js';

export interface WriteOdmOptions {
  /** The ODM root's Description; REDCap puts the project title there. */
  description?: string;
  /** Structure only, no ClinicalData (REDCap's `returnMetadataOnly`). */
  metadataOnly?: boolean;
  /** Files as base64 (REDCap's `exportFiles`); default true, so nothing is lost. Otherwise a file field holds its file name. */
  includeFiles?: boolean;
  /** The export time (AsOfDateTime / CreationDateTime, written in UTC); default now. */
  asOf?: Date;
}

/** REDCap version this output imitates. */
const SOURCE_SYSTEM_VERSION = '14.7.3';

export function writeOdm(def: ProjectDefinition, opts: WriteOdmOptions = {}): string {
  const asOf = opts.asOf ?? new Date();
  const title = def.info.project_title;
  const oidName = studyOidName(title);
  const stamp = asOf.toISOString().slice(0, 19);
  const mdvOid = `Metadata.${oidName}_${stamp.slice(0, 10)}_${stamp.slice(11, 13)}${stamp.slice(14, 16)}`;
  const layout = buildLayout(def, !opts.metadataOnly);

  let out = '<?xml version="1.0" encoding="UTF-8" ?>\n';
  out += `<ODM${attrs([
    ['xmlns', 'http://www.cdisc.org/ns/odm/v1.3'],
    ['xmlns:ds', 'http://www.w3.org/2000/09/xmldsig#'],
    ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
    ['xmlns:redcap', 'https://projectredcap.org'],
    ['xsi:schemaLocation', 'http://www.cdisc.org/ns/odm/v1.3 schema/odm/ODM1-3-1.xsd'],
    ['ODMVersion', '1.3.1'],
    ['FileOID', '000-00-0000'],
    ['FileType', 'Snapshot'],
    ['Description', opts.description ?? title],
    ['AsOfDateTime', stamp],
    ['CreationDateTime', stamp],
    ['SourceSystem', 'REDCap'],
    ['SourceSystemVersion', SOURCE_SYSTEM_VERSION],
  ])}>\n`;
  out += `<Study OID="Project.${oidName}">\n`;
  out += globalVariables(def);
  out += metaDataVersion(def, layout, mdvOid);
  out += '</Study>\n';
  if (!opts.metadataOnly) out += clinicalData(def, layout, `Project.${oidName}`, mdvOid, opts.includeFiles ?? true);
  out += '</ODM>';
  return out;
}

/** `REDCapR: arm-multiple-delete` → `REDCapRArmmultipledelete`, as REDCap names the Study OID. */
export function studyOidName(title: string): string {
  const words = title.replace(/(^|\s)(\S)/g, (_, space: string, first: string) => space + first.toUpperCase());
  // REDCap cuts the name to 30 characters (`…Potentiallyproblematicd`).
  return words.replace(/[^A-Za-z0-9]/g, '').slice(0, 30);
}

function element(indent: string, name: string, text: string): string {
  return `${indent}<${name}>${escapeText(text)}</${name}>\n`;
}

// ---------------------------------------------------------------- globals

function globalVariables(def: ProjectDefinition): string {
  const title = def.info.project_title;
  const settings = def.settings ?? {};
  let out = '<GlobalVariables>\n';
  out += element('\t', 'StudyName', title);
  // REDCap uses this text for metadata-only files too, and leaves its quotes unescaped.
  out += element(
    '\t',
    'StudyDescription',
    `This file contains the metadata, events, and data for REDCap project "${title}".`,
  ).replace(/&quot;/g, '"');
  out += element('\t', 'ProtocolName', title);
  const written = new Set<string>();
  for (const s of GLOBAL_SETTINGS) {
    const key = s.element.slice('redcap:'.length);
    written.add(key);
    const value = s.info ? def.info[s.info] : settings[key];
    if (value !== undefined && value !== null) out += element('\t', s.element, String(value));
  }
  for (const [key, value] of Object.entries(settings))
    if (!written.has(key)) out += element('\t', `redcap:${key}`, value);

  const repeatingEvents = def.repeating.filter((r) => r.form_name === '');
  const repeatingForms = def.repeating.filter((r) => r.form_name !== '');
  if (def.repeating.length > 0) {
    out += '\t<redcap:RepeatingInstrumentsAndEvents>\n';
    if (repeatingEvents.length > 0) {
      // Not seen in the fixtures: written like the instruments' list.
      out += '\t\t<redcap:RepeatingEvents>\n';
      for (const r of repeatingEvents) {
        out += `\t\t\t<redcap:RepeatingEvent${attrs([
          ['redcap:UniqueEventName', r.event_name],
          ['redcap:CustomLabel', r.custom_form_label],
        ])}/>\n`;
      }
      out += '\t\t</redcap:RepeatingEvents>\n';
    }
    if (repeatingForms.length > 0) {
      out += '\t\t<redcap:RepeatingInstruments>\n';
      for (const r of repeatingForms) {
        out += `\t\t\t<redcap:RepeatingInstrument${attrs([
          ['redcap:UniqueEventName', r.event_name],
          ['redcap:RepeatInstrument', r.form_name],
          ['redcap:CustomLabel', r.custom_form_label],
        ])}/>\n`;
      }
      out += '\t\t</redcap:RepeatingInstruments>\n';
    }
    out += '\t</redcap:RepeatingInstrumentsAndEvents>\n';
  }
  if (def.dags.length > 0) {
    out += '\t<redcap:DataAccessGroupsGroup>\n';
    const taken = new Set<string>();
    for (const dag of def.dags) {
      const pairs: [string, string][] = [['group_name', dag.data_access_group_name]];
      // REDCap derives the unique name from the group name; say so only when it differs.
      if (uniqueGroupName(dag.data_access_group_name, taken) !== dag.unique_group_name)
        pairs.push(['unique_group_name', dag.unique_group_name]);
      taken.add(dag.unique_group_name);
      out += `\t\t<redcap:DataAccessGroups${attrs(pairs)}/>\n`;
    }
    out += '\t</redcap:DataAccessGroupsGroup>\n';
  }
  if (def.surveys.length > 0) {
    out += '\t<redcap:SurveysGroup>\n';
    for (const s of def.surveys) {
      out += `\t\t<redcap:Surveys${attrs([['form_name', s.form], ['title', s.title], ...Object.entries(s.settings ?? {})])}/>\n`;
    }
    out += '\t</redcap:SurveysGroup>\n';
  }
  for (const ext of def.extensions ?? []) out += serializeElement(ext, '\t');
  if (def.roles.length > 0) {
    out += '\t<redcap:UserRolesGroup>\n';
    for (const role of def.roles) out += `\t\t<redcap:UserRoles${attrs(roleAttributes(role))}/>\n`;
    out += '\t</redcap:UserRolesGroup>\n';
  }
  if (def.reports.length > 0) {
    out += '\t<redcap:ReportsGroup>\n';
    for (const report of def.reports) out += `\t\t<redcap:Reports${attrs(reportAttributes(report))}/>\n`;
    out += '\t</redcap:ReportsGroup>\n';
  }
  return out + '</GlobalVariables>\n';
}

/** `{demographics: 1, health: 2}` → `[demographics,1][health,2]`. */
export function formatFormRights(forms: Record<string, number>): string {
  return Object.entries(forms)
    .map(([form, right]) => `[${form},${right}]`)
    .join('');
}

function roleAttributes(role: ProjectDefinition['roles'][number]): [string, string][] {
  const pairs: [string, string][] = [
    ['role_name', role.role_label],
    ['unique_role_name', role.unique_role_name],
  ];
  const used = new Set<string>();
  for (const [odm, api] of ROLE_RIGHTS) {
    if (api === 'forms') pairs.push([odm, formatFormRights(role.forms)]);
    else if (api === 'forms_export') pairs.push([odm, formatFormRights(role.forms_export)]);
    else if (role.rights[api] !== undefined) pairs.push([odm, String(role.rights[api])]);
    used.add(api);
  }
  for (const [name, value] of Object.entries(role.rights)) {
    if (!used.has(name)) pairs.push([ROLE_ODM_NAME.get(name) ?? name, String(value)]);
  }
  return pairs;
}

const REPORT_ATTRIBUTE_ORDER = [
  'title',
  'unique_report_name',
  'report_order',
  'user_access',
  'user_edit_access',
  'description',
  'combine_checkbox_values',
  'output_dags',
  'output_survey_fields',
  'output_missing_data_codes',
  'remove_line_breaks_in_values',
  ...REPORT_ORDER_BY,
  'advanced_logic',
  'filter_type',
  'dynamic_filter1',
  'dynamic_filter2',
  'dynamic_filter3',
  'hash',
  'short_url',
  'is_public',
  'report_display_include_repeating_fields',
  'report_display_header',
  'report_display_data',
  'limiter_logic',
  'redcap_reports_fields',
  'redcap_reports_filter_dags',
  'redcap_reports_filter_events',
  'ID',
];

function reportAttributes(report: ReportDefinition): [string, string][] {
  const structured: Record<string, string> = {
    title: report.title,
    unique_report_name: report.unique_report_name ?? '',
    advanced_logic: report.filterLogic,
    redcap_reports_fields: report.fields.join(','),
  };
  for (const n of [1, 2, 3]) {
    const o = report.orderBy[n - 1];
    structured[`orderby_field${n}`] = o?.field ?? '';
    structured[`orderby_sort${n}`] = o ? (o.descending ? 'DESC' : 'ASC') : '';
  }
  const settings = report.settings ?? {};
  const pairs: [string, string][] = [];
  for (const key of REPORT_ATTRIBUTE_ORDER) {
    if (key in structured) pairs.push([key, structured[key]]);
    else if (settings[key] !== undefined) pairs.push([key, settings[key]]);
  }
  for (const [key, value] of Object.entries(settings))
    if (!REPORT_ATTRIBUTE_ORDER.includes(key)) pairs.push([key, value]);
  return pairs;
}

// ----------------------------------------------------------------- layout

/** One ItemRef: a dictionary field, one checkbox option, or a pseudo-field. */
interface ItemSlot {
  oid: string;
  variable: string;
  kind: 'field' | 'checkbox' | 'complete' | 'dag' | 'identifier' | 'timestamp';
  row?: DictionaryRow;
  code?: string;
}

interface ItemGroup {
  oid: string;
  name: string;
  items: ItemSlot[];
}

interface FormLayout {
  name: string;
  label: string;
  groups: ItemGroup[];
}

interface Layout {
  forms: FormLayout[];
  formIndex: Map<string, number>;
  fields: Map<string, DictionaryRow>;
  recordIdField: string;
  surveyForms: Set<string>;
}

function choicesOf(row: DictionaryRow): Choice[] {
  if (row.field_type === 'yesno') return [...YESNO_CHOICES];
  if (row.field_type === 'truefalse') return [...TRUEFALSE_CHOICES];
  return parseChoices(row.select_choices_or_calculations);
}

/**
 * ItemGroups as REDCap cuts them: a field with a section header is a group
 * of its own, a survey's timestamp starts one (after the record id and the
 * export's pseudo-fields, in the first form), and `<form>_complete` closes
 * the form.
 */
function buildLayout(def: ProjectDefinition, withData: boolean): Layout {
  const recordIdField = def.dictionary[0]?.field_name ?? 'record_id';
  const surveyForms = new Set(withData ? def.surveys.map((s) => s.form) : []);
  const labels = new Map(def.instruments.map((i) => [i.instrument_name, i.instrument_label]));
  const formNames = def.instruments.map((i) => i.instrument_name);
  for (const row of def.dictionary) if (!formNames.includes(row.form_name)) formNames.push(row.form_name);
  const fields = new Map(def.dictionary.map((r) => [r.field_name, r]));

  const forms: FormLayout[] = formNames.map((form) => {
    const label = labels.get(form) ?? form;
    const groups: ItemGroup[] = [];
    let current: ItemGroup | undefined;
    const open = (first: ItemSlot, name: string) => {
      current = { oid: `${form}.${first.oid}`, name, items: [] };
      groups.push(current);
      return current;
    };
    const timestamp: ItemSlot = { oid: `${form}_timestamp`, variable: `${form}_timestamp`, kind: 'timestamp' };
    const rows = def.dictionary.filter((r) => r.form_name === form);
    if (surveyForms.has(form) && rows[0]?.field_name !== recordIdField) open(timestamp, '').items.push(timestamp);
    for (const row of rows) {
      const slots = slotsOf(row);
      const isRecordId = row.field_name === recordIdField;
      if (isRecordId || row.section_header !== '' || !current) {
        const name = row.section_header || (row.field_type === 'checkbox' ? '' : label);
        open(slots[0], name);
      }
      current!.items.push(...slots);
      if (isRecordId) {
        if (withData && def.dags.length > 0)
          current!.items.push({ oid: 'redcap_data_access_group', variable: 'redcap_data_access_group', kind: 'dag' });
        if (surveyForms.size > 0)
          current!.items.push({
            oid: 'redcap_survey_identifier',
            variable: 'redcap_survey_identifier',
            kind: 'identifier',
          });
        if (surveyForms.has(form)) {
          current!.items.push(timestamp);
          open(timestamp, '').items.push(timestamp);
        }
      }
      if (row.section_header !== '') {
        current = undefined;
      }
    }
    // A survey's timestamp group is named after the form only when fields follow in it.
    for (const g of groups) if (g.items[0]?.kind === 'timestamp') g.name = g.items.length > 1 ? label : '';
    const complete: ItemSlot = { oid: `${form}_complete`, variable: `${form}_complete`, kind: 'complete' };
    open(complete, 'Form Status').items.push(complete);
    return { name: form, label, groups };
  });
  return { forms, formIndex: new Map(formNames.map((f, i) => [f, i])), fields, recordIdField, surveyForms };
}

function slotsOf(row: DictionaryRow): ItemSlot[] {
  if (row.field_type !== 'checkbox') return [{ oid: row.field_name, variable: row.field_name, kind: 'field', row }];
  return choicesOf(row).map((c) => ({
    oid: checkboxColumnName(row.field_name, c.code),
    variable: row.field_name,
    kind: 'checkbox',
    row,
    code: c.code,
  }));
}

// --------------------------------------------------------------- metadata

function metaDataVersion(def: ProjectDefinition, layout: Layout, oid: string): string {
  let out = `<MetaDataVersion${attrs([
    ['OID', oid],
    ['Name', def.info.project_title],
    ['redcap:RecordIdField', layout.recordIdField],
  ])}>\n`;
  if (def.events.length > 0) {
    out += '\t<Protocol>\n';
    def.events.forEach((e, i) => {
      out += `\t\t<StudyEventRef${attrs([
        ['StudyEventOID', `Event.${e.unique_event_name}`],
        ['OrderNumber', String(i + 1)],
        ['Mandatory', 'No'],
      ])}/>\n`;
    });
    out += '\t</Protocol>\n';
    const armNames = new Map(def.arms.map((a) => [a.arm_num, a.name]));
    const multiArm = new Set(def.events.map((e) => e.arm_num)).size > 1;
    for (const e of def.events) {
      const armName = armNames.get(e.arm_num) ?? `Arm ${e.arm_num}`;
      out += `\t<StudyEventDef${attrs([
        ['OID', `Event.${e.unique_event_name}`],
        ['Name', multiArm ? `${e.event_name} (Arm ${e.arm_num}: ${armName})` : e.event_name],
        ['Type', 'Common'],
        ['Repeating', 'No'],
        ['redcap:EventName', e.event_name],
        ['redcap:CustomEventLabel', e.custom_event_label ?? ''],
        ['redcap:UniqueEventName', e.unique_event_name],
        ['redcap:ArmNum', String(e.arm_num)],
        ['redcap:ArmName', armName],
        ['redcap:DayOffset', String(e.days_offset)],
        ['redcap:OffsetMin', String(e.offset_min)],
        ['redcap:OffsetMax', String(e.offset_max)],
      ])}>\n`;
      def.mappings
        .filter((m) => m.unique_event_name === e.unique_event_name)
        .forEach((m, i) => {
          out += `\t\t<FormRef${attrs([
            ['FormOID', `Form.${m.form}`],
            ['OrderNumber', String(i + 1)],
            ['Mandatory', 'No'],
            ['redcap:FormName', m.form],
          ])}/>\n`;
        });
      out += '\t</StudyEventDef>\n';
    }
  }
  for (const form of layout.forms) {
    out += `\t<FormDef${attrs([
      ['OID', `Form.${form.name}`],
      ['Name', form.label],
      ['Repeating', 'No'],
      ['redcap:FormName', form.name],
    ])}>\n`;
    for (const g of form.groups)
      out += `\t\t<ItemGroupRef${attrs([
        ['ItemGroupOID', g.oid],
        ['Mandatory', 'No'],
      ])}/>\n`;
    out += '\t</FormDef>\n';
  }
  for (const form of layout.forms) {
    for (const g of form.groups) {
      out += `\t<ItemGroupDef${attrs([
        ['OID', g.oid],
        ['Name', g.name],
        ['Repeating', 'No'],
      ])}>\n`;
      for (const s of g.items) {
        const mandatory = s.row?.required_field === 'y' ? 'Yes' : 'No';
        out += `\t\t<ItemRef${attrs([
          ['ItemOID', s.oid],
          ['Mandatory', mandatory],
          ['redcap:Variable', s.variable],
        ])}/>\n`;
      }
      out += '\t</ItemGroupDef>\n';
    }
  }
  const defined = new Set<string>();
  let codeLists = '';
  for (const form of layout.forms) {
    for (const g of form.groups) {
      for (const s of g.items) {
        if (defined.has(s.oid)) continue;
        defined.add(s.oid);
        const [item, codeList] = itemDef(s);
        out += item;
        codeLists += codeList;
      }
    }
  }
  return out + codeLists + '</MetaDataVersion>\n';
}

/**
 * REDCap's TranslatedText is the label without HTML tags, stripped as PHP's
 * strip_tags does: `<` before white space is text, nested `<` inside a tag
 * count until their `>`, and quotes inside a tag hide `<` and `>`.
 */
export function stripTags(s: string): string {
  let out = '';
  let inTag = false;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const nextIsSpace = /\s/.test(s[i + 1] ?? '');
    if (!inTag) {
      if (c === '<' && !nextIsSpace && i + 1 < s.length) inTag = true;
      else out += c;
      continue;
    }
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '<' && !nextIsSpace) {
      depth++;
    } else if (c === '>') {
      if (depth > 0) depth--;
      else inTag = false;
    }
  }
  return out;
}

function question(label: string): string {
  const plain = stripTags(label);
  // REDCap adds the formatted label whenever it holds a `<`, even one strip_tags keeps.
  const formatted =
    plain === label && !label.includes('<')
      ? ''
      : `<redcap:FormattedTranslatedText>${escapeText(label)}</redcap:FormattedTranslatedText>`;
  return `\t\t<Question><TranslatedText>${escapeText(plain)}</TranslatedText>${formatted}</Question>\n`;
}

function codeListXml(
  oid: string,
  name: string,
  dataType: string,
  variable: string,
  choices: readonly Choice[],
  extra: [string, string][] = [],
): string {
  let out = `\t<CodeList${attrs([['OID', oid], ['Name', name], ['DataType', dataType], ['redcap:Variable', variable], ...extra])}>\n`;
  for (const c of choices) {
    out += `\t\t<CodeListItem CodedValue="${escapeText(c.code)}"><Decode><TranslatedText>${escapeText(c.label)}</TranslatedText></Decode></CodeListItem>\n`;
  }
  return out + '\t</CodeList>\n';
}

/** The ItemDef of one slot and its CodeList (if any). */
function itemDef(slot: ItemSlot): [string, string] {
  const head = (dataType: string, length: string, more: [string, string][] = []) =>
    `\t<ItemDef${attrs([['OID', slot.oid], ['Name', slot.oid], ['DataType', dataType], ['Length', length], ...more])}>\n`;
  switch (slot.kind) {
    case 'dag':
      return [
        head('text', '999', [['redcap:Variable', slot.variable]]) + question('Data Access Group') + '\t</ItemDef>\n',
        '',
      ];
    case 'identifier':
      return [
        head('text', '999', [['redcap:Variable', slot.variable]]) + question('Survey Identifier') + '\t</ItemDef>\n',
        '',
      ];
    case 'timestamp':
      return [
        head('datetime', '999', [['redcap:Variable', slot.variable]]) + question('Survey Timestamp') + '\t</ItemDef>\n',
        '',
      ];
    case 'complete': {
      const listOid = `${slot.oid}.choices`;
      return [
        head('text', '1', [
          ['redcap:Variable', slot.variable],
          ['redcap:FieldType', 'select'],
          ['redcap:SectionHeader', 'Form Status'],
        ]) +
          question('Complete?') +
          `\t\t<CodeListRef CodeListOID="${listOid}"/>\n\t</ItemDef>\n`,
        codeListXml(listOid, slot.oid, 'text', slot.variable, COMPLETE_CHOICES),
      ];
    }
    default:
      return fieldItemDef(slot, slot.row!);
  }
}

function fieldItemDef(slot: ItemSlot, row: DictionaryRow): [string, string] {
  const type = row.field_type;
  const validation = row.text_validation_type_or_show_slider_number;
  const choices = choicesOf(row);
  let dataType = 'text';
  let length = '999';
  const lead: [string, string][] = [];
  if (type === 'checkbox' || type === 'yesno' || type === 'truefalse') {
    dataType = 'boolean';
    length = '1';
  } else if (type === 'calc') {
    dataType = 'float';
  } else if (type === 'slider') {
    dataType = 'integer';
  } else if (type === 'radio' || type === 'dropdown' || type === 'sql') {
    // REDCap sizes a choice field by its longest code.
    length = String(Math.max(1, ...choices.map((c) => c.code.length)));
  } else if (type === 'text') {
    dataType = textDataType(validation);
    if (validation === 'number') lead.push(['SignificantDigits', '1']);
  }
  const pairs: [string, string][] = [
    ...lead,
    ['redcap:Variable', row.field_name],
    ['redcap:FieldType', FIELD_TYPE_TO_ODM[type] ?? type],
  ];
  if (validation !== '' && type !== 'slider')
    pairs.push(['redcap:TextValidationType', VALIDATION_TO_ODM[validation] ?? validation]);
  if (type === 'slider' && row.select_choices_or_calculations !== '')
    pairs.push(['redcap:SliderLabels', row.select_choices_or_calculations]);
  for (const [attr, column] of ITEM_PLAIN_ATTRIBUTES) {
    if (row[column] !== '') pairs.push([attr, row[column]]);
    // REDCap writes the formula right after the section header.
    if (column === 'section_header' && type === 'calc')
      pairs.push(['redcap:Calculation', row.select_choices_or_calculations]);
  }

  let body = question(row.field_label);
  const ranges: [string, string][] = [];
  if (row.text_validation_min !== '') ranges.push(['GE', row.text_validation_min]);
  if (row.text_validation_max !== '') ranges.push(['LE', row.text_validation_max]);
  const listOid = `${slot.oid}.choices`;
  let codeList = '';
  if (type === 'checkbox') {
    body += `\t\t<CodeListRef CodeListOID="${escapeText(listOid)}"/>\n`;
    codeList = codeListXml(
      listOid,
      slot.oid,
      'boolean',
      row.field_name,
      [
        { code: '1', label: 'Checked' },
        { code: '0', label: 'Unchecked' },
      ],
      [['redcap:CheckboxChoices', row.select_choices_or_calculations]],
    );
  } else if (
    type === 'radio' ||
    type === 'dropdown' ||
    type === 'yesno' ||
    type === 'truefalse' ||
    (type === 'sql' && choices.length > 0)
  ) {
    body += `\t\t<CodeListRef CodeListOID="${escapeText(listOid)}"/>\n`;
    codeList = codeListXml(listOid, slot.oid, dataType, row.field_name, choices);
  }
  if (ranges.length > 0) {
    const message = `The value you provided is outside the suggested range (${row.text_validation_min || 'no limit'} - ${row.text_validation_max || 'no limit'}). This value is admissible, but you may wish to double check it.`;
    for (const [comparator, value] of ranges) {
      body +=
        `\t\t<RangeCheck Comparator="${comparator}" SoftHard="Soft">\n\t\t\t<CheckValue>${escapeText(value)}</CheckValue>\n` +
        `\t\t\t<ErrorMessage><TranslatedText>${escapeText(message)}</TranslatedText></ErrorMessage>\n\t\t</RangeCheck>\n`;
    }
  }
  return [
    `\t<ItemDef${attrs([['OID', slot.oid], ['Name', slot.oid], ['DataType', dataType], ['Length', length], ...pairs])}>\n${body}\t</ItemDef>\n`,
    codeList,
  ];
}

// ---------------------------------------------------------- clinical data

/** Everything stored for one form instance of one record in one event (instance). */
interface FormBlock {
  form: string;
  formInstance: number;
  values: Map<string, string[]>;
  files: Map<string, StoredFile>;
  timestamp?: string;
  dag?: string;
  identifier?: string;
}

interface EventBlock {
  event: string;
  eventInstance: number;
  forms: Map<string, FormBlock>;
}

function clinicalData(
  def: ProjectDefinition,
  layout: Layout,
  studyOid: string,
  mdvOid: string,
  includeFiles: boolean,
): string {
  const eventIndex = new Map(def.events.map((e, i) => [e.unique_event_name, i]));
  const repeatingEvents = new Set(def.repeating.filter((r) => r.form_name === '').map((r) => r.event_name));
  const firstForm = layout.forms[0]?.name ?? '';
  const records = new Map<string, Map<string, EventBlock>>();

  const recordOf = (record: string) => {
    let r = records.get(record);
    if (!r) records.set(record, (r = new Map()));
    return r;
  };
  const blockOf = (record: string, event: string, form: string, instance: number): FormBlock => {
    if (def.events.length > 0 && !eventIndex.has(event))
      throw new Error(`Record "${record}": event "${event}" is not an event of the project`);
    const eventInstance = repeatingEvents.has(event) ? instance : 1;
    const formInstance = repeatingEvents.has(event) ? 1 : instance;
    const events = recordOf(record);
    const eventKey = `${event}\u0000${eventInstance}`;
    let e = events.get(eventKey);
    if (!e) events.set(eventKey, (e = { event, eventInstance, forms: new Map() }));
    const formKey = `${form}\u0000${formInstance}`;
    let f = e.forms.get(formKey);
    if (!f) e.forms.set(formKey, (f = { form, formInstance, values: new Map(), files: new Map() }));
    return f;
  };
  const formOfField = (v: Pick<RecordValue, 'record' | 'field'>): string => {
    const row = layout.fields.get(v.field);
    if (row) return row.form_name;
    const complete = /^(.*)_complete$/.exec(v.field);
    if (complete && layout.formIndex.has(complete[1])) return complete[1];
    throw new Error(`Record "${v.record}": field "${v.field}" is not in the data dictionary`);
  };

  for (const v of def.values) {
    const block = blockOf(v.record, v.event, formOfField(v), v.instance);
    const list = block.values.get(v.field);
    if (list) list.push(v.value);
    else block.values.set(v.field, [v.value]);
  }
  if (includeFiles)
    for (const f of def.files) blockOf(f.record, f.event, formOfField(f), f.instance).files.set(f.field, f);
  for (const t of def.surveyTimestamps ?? []) blockOf(t.record, t.event, t.form, t.instance).timestamp = t.timestamp;
  const byEventOrder = (a: string, b: string) => (eventIndex.get(a) ?? 0) - (eventIndex.get(b) ?? 0);
  const holdsFirstForm = (event: string) =>
    def.events.length === 0 || def.mappings.some((m) => m.unique_event_name === event && m.form === firstForm);
  /**
   * The block whose record id group carries the DAG or survey identifier:
   * the first form in the given event, else in the record's first event
   * that has the first form.
   */
  const recordIdBlock = (record: string, event?: string): FormBlock => {
    const candidates =
      event !== undefined ? [event] : [...recordOf(record).values()].map((e) => e.event).sort(byEventOrder);
    const target =
      candidates.find(holdsFirstForm) ??
      candidates[0] ??
      def.events.find((e) => holdsFirstForm(e.unique_event_name))?.unique_event_name ??
      '';
    return blockOf(record, target, firstForm, 1);
  };
  for (const s of def.surveyIdentifiers ?? []) recordIdBlock(s.record, s.event).identifier = s.identifier;
  for (const d of def.recordDags) recordIdBlock(d.record).dag = d.dag;

  // REDCap writes its flat export's unchecked boxes too: every form with
  // checkboxes that belongs to a record's (non-repeating) row in an event
  // appears, with 0s, even when nothing else of it was saved.
  const checkboxForms = new Set(def.dictionary.filter((r) => r.field_type === 'checkbox').map((r) => r.form_name));
  const repeatingForms = new Set(
    def.repeating.filter((r) => r.form_name !== '').map((r) => `${r.event_name}\u0000${r.form_name}`),
  );
  // Classic projects name their one event `event_1_arm_1` in the repeating setup.
  const repeats = (event: string, form: string) => repeatingForms.has(`${event || 'event_1_arm_1'}\u0000${form}`);
  const formsOfEvent = (event: string) =>
    def.events.length === 0
      ? layout.forms.map((f) => f.name)
      : def.mappings.filter((m) => m.unique_event_name === event).map((m) => m.form);
  for (const [record, events] of records) {
    for (const e of [...events.values()]) {
      const hasBaseRow = repeatingEvents.has(e.event) || [...e.forms.values()].some((f) => !repeats(e.event, f.form));
      if (!hasBaseRow) continue;
      for (const form of formsOfEvent(e.event)) {
        if (checkboxForms.has(form) && !repeats(e.event, form)) blockOf(record, e.event, form, e.eventInstance);
      }
    }
  }

  let out = `<ClinicalData${attrs([
    ['StudyOID', studyOid],
    ['MetaDataVersionOID', mdvOid],
  ])}>\n`;
  for (const [record, events] of records) {
    out += `\t<SubjectData${attrs([
      ['SubjectKey', record],
      ['redcap:RecordIdField', layout.recordIdField],
    ])}>\n`;
    const ordered = [...events.values()].sort(
      (a, b) => byEventOrder(a.event, b.event) || a.eventInstance - b.eventInstance,
    );
    for (const e of ordered) {
      const longitudinal = def.events.length > 0;
      if (longitudinal) {
        out += `\t\t<StudyEventData${attrs([
          ['StudyEventOID', `Event.${e.event}`],
          ['StudyEventRepeatKey', String(e.eventInstance)],
          ['redcap:UniqueEventName', e.event],
        ])}>\n`;
      }
      const forms = [...e.forms.values()].sort(
        (a, b) =>
          (layout.formIndex.get(a.form) ?? 0) - (layout.formIndex.get(b.form) ?? 0) || a.formInstance - b.formInstance,
      );
      for (const f of forms) out += formData(f, layout);
      if (longitudinal) out += '\t\t</StudyEventData>\n';
    }
    out += '\t</SubjectData>\n';
  }
  return out + '</ClinicalData>\n';
}

function formData(block: FormBlock, layout: Layout): string {
  const form = layout.forms[layout.formIndex.get(block.form)!];
  let out = `\t\t\t<FormData${attrs([
    ['FormOID', `Form.${block.form}`],
    ['FormRepeatKey', String(block.formInstance)],
  ])}>\n`;
  let timestampWritten = false;
  for (const g of form.groups) {
    let items = '';
    const item = (oid: string, value: string) => {
      items += `\t\t\t\t\t<ItemData${attrs([
        ['ItemOID', oid],
        ['Value', value],
      ])}/>\n`;
    };
    for (const s of g.items) {
      const values = block.values.get(s.variable);
      switch (s.kind) {
        case 'dag':
          if (block.dag !== undefined) item(s.oid, block.dag);
          break;
        case 'identifier':
          if (block.identifier !== undefined) item(s.oid, block.identifier);
          break;
        case 'timestamp':
          if (block.timestamp !== undefined && !timestampWritten) item(s.oid, block.timestamp);
          timestampWritten = true;
          break;
        case 'checkbox':
          // Every option of a saved checkbox is written, 1 or 0, as REDCap does.
          item(s.oid, values?.includes(s.code!) ? '1' : '0');
          break;
        default: {
          const file = block.files.get(s.variable);
          if (file) {
            items +=
              `\t\t\t\t\t<ItemDataBase64Binary${attrs([
                ['ItemOID', s.oid],
                ['redcap:DocName', file.name],
                ['redcap:MimeType', file.mimeType],
              ])}>` + `<![CDATA[${Buffer.from(file.data).toString('base64')}]]></ItemDataBase64Binary>\n`;
          } else if (values !== undefined) {
            item(s.oid, values[values.length - 1]);
          }
        }
      }
    }
    if (items !== '') {
      out += `\t\t\t\t<ItemGroupData${attrs([
        ['ItemGroupOID', g.oid],
        ['ItemGroupRepeatKey', '1'],
      ])}>\n${items}\t\t\t\t</ItemGroupData>\n`;
    }
  }
  return out + '\t\t\t</FormData>\n';
}
