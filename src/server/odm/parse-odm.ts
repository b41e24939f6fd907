/**
 * Reads a CDISC ODM 1.3.1 file as REDCap exports it (project XML, with the
 * `redcap:` extensions) into a ProjectDefinition: settings, DAGs, roles,
 * surveys, reports, arms/events/mappings, repeating setup, the data
 * dictionary exactly as REDCap's metadata export gives it, and the data as
 * EAV rows with files.
 */
import { checkboxColumnName, parseChoices } from '../../values/choices.js';
import { dictionaryRow, type DictionaryRow, type EventDef, type RepeatingFormEvent } from '../../schema/types.js';
import {
  emptyDefinition,
  type DagDefinition,
  type OdmElement,
  type ProjectDefinition,
  type RecordValue,
  type ReportDefinition,
  type RoleDefinition,
  type StoredFile,
  type SurveyDefinition,
  type SurveyTimestamp,
} from '../project-definition.js';
import {
  DERIVED_GLOBALS,
  FIELD_TYPE_FROM_ODM,
  GLOBAL_SETTINGS,
  ITEM_PLAIN_ATTRIBUTES,
  MODELLED_GROUPS,
  ROLE_API_NAME,
  VALIDATION_FROM_ODM,
  REPORT_ORDER_BY,
} from './odm-vocabulary.js';
import { uniqueGroupName } from './unique-group-name.js';
import { fileSource, scanOdm, stringSource, type TextSource, withFile } from './odm-scanner.js';
import { child, children, descendants, localName, type XmlElement } from './xml-tree.js';

const NOT_REDCAP = 'Not a REDCap ODM file';

/** A project XML text as a project definition. */
export function parseOdm(xml: string): ProjectDefinition {
  return readOdm(stringSource(xml), 'the input');
}

/**
 * A project XML file of any size as a project definition, the same as
 * `parseOdm` makes of its text: the records are read from the file a
 * `<SubjectData>` at a time (a 100,000-record project is about 1 GB of
 * XML, more than a JavaScript string can hold).
 */
export function readOdmFile(path: string, chunkBytes?: number): ProjectDefinition {
  return withFile(path, (fd) => readOdm(fileSource(fd, chunkBytes), 'the project file'));
}

function readOdm(source: TextSource, what: string): ProjectDefinition {
  let head: OdmHead | undefined;
  // A metadata-only export has no ClinicalData; ODM allows several.
  scanOdm(
    source,
    {
      head: (odm) => void (head = readOdmHead(odm)),
      clinicalData: () => new ClinicalDataReader(head!),
    },
    what,
  );
  return head!.def;
}

/** A project read from its ODM head (everything but the records), and what records need to be read against it. */
export interface OdmHead {
  def: ProjectDefinition;
  index: MetadataIndex;
}

/** The project's structure from the document element (`<ODM>`); records are read afterwards. */
export function readOdmHead(odm: XmlElement): OdmHead {
  if (localName(odm.name) !== 'ODM') {
    throw new Error(`${NOT_REDCAP}: the root element is <${odm.name}>, expected <ODM>`);
  }
  const study = child(odm, 'Study');
  if (!study) throw new Error(`${NOT_REDCAP}: <ODM> has no <Study> element`);
  const mdv = child(study, 'MetaDataVersion');
  if (!mdv) throw new Error(`${NOT_REDCAP}: <Study> has no <MetaDataVersion> element`);
  if (!('xmlns:redcap' in odm.attributes) && !('redcap:RecordIdField' in mdv.attributes)) {
    throw new Error(
      `${NOT_REDCAP}: it has no redcap: extensions (no xmlns:redcap, no redcap:RecordIdField); only ODM files exported by REDCap can be read`,
    );
  }
  if (children(mdv, 'FormDef').length === 0)
    throw new Error(`${NOT_REDCAP}: <MetaDataVersion> defines no forms (<FormDef>)`);

  const globals = child(study, 'GlobalVariables');
  const title =
    (globals && child(globals, 'StudyName')?.text) || mdv.attributes.Name || odm.attributes.Description || '';
  const def = readGlobals(globals, title);
  const index = readMetadata(mdv, def);

  def.info.is_longitudinal = def.events.length > 0 ? 1 : 0;
  def.info.has_repeating_instruments_or_events = def.repeating.length > 0 ? 1 : 0;
  return { def, index };
}

// ---------------------------------------------------------------- globals

function readGlobals(globals: XmlElement | undefined, title: string): ProjectDefinition {
  const info: ProjectDefinition['info'] = { project_title: title };
  const settings: Record<string, string> = {};
  const extensions: OdmElement[] = [];
  const def: ProjectDefinition = {
    ...emptyDefinition(info.project_title),
    info,
    settings,
    extensions,
    surveyTimestamps: [],
    surveyIdentifiers: [],
  };
  if (!globals) return def;
  const known = new Map(GLOBAL_SETTINGS.map((s) => [s.element, s]));
  for (const el of globals.children) {
    if (DERIVED_GLOBALS.has(el.name)) continue;
    if (MODELLED_GROUPS.has(el.name)) continue;
    const setting = known.get(el.name);
    if (setting?.info) {
      (info as Record<string, unknown>)[setting.info] = setting.numeric ? toNumber(el.text) : el.text;
    } else if (el.name.startsWith('redcap:') && el.children.length === 0 && Object.keys(el.attributes).length === 0) {
      settings[localName(el.name)] = el.text;
    } else {
      extensions.push(el);
    }
  }
  const group = (name: string, item: string) => children(child(globals, name) ?? emptyElement(), item);
  def.dags = readDags(group('redcap:DataAccessGroupsGroup', 'redcap:DataAccessGroups'));
  def.roles = group('redcap:UserRolesGroup', 'redcap:UserRoles').map(readRole);
  def.surveys = group('redcap:SurveysGroup', 'redcap:Surveys').map(readSurvey);
  def.reports = group('redcap:ReportsGroup', 'redcap:Reports').map(readReport);
  def.repeating = readRepeating(child(globals, 'redcap:RepeatingInstrumentsAndEvents'));
  return def;
}

function emptyElement(): XmlElement {
  return { name: '', attributes: {}, children: [], text: '' };
}

function toNumber(text: string): number {
  const n = Number(text.trim());
  return text.trim() === '' || Number.isNaN(n) ? 0 : n;
}

function readDags(items: XmlElement[]): DagDefinition[] {
  const taken = new Set<string>();
  return items.map((el) => {
    const name = el.attributes.group_name ?? '';
    // A file that names the unique group itself wins over deriving it.
    const unique = el.attributes.unique_group_name || uniqueGroupName(name, taken);
    taken.add(unique);
    return { data_access_group_name: name, unique_group_name: unique };
  });
}

/** `[demographics,1][health,2]` → `{demographics: 1, health: 2}`. */
export function parseFormRights(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of spec.matchAll(/\[([^,\]]+),(-?\d+)\]/g)) out[m[1]] = Number(m[2]);
  return out;
}

function readRole(el: XmlElement): RoleDefinition {
  const rights: Record<string, string> = {};
  let forms: Record<string, number> = {};
  let formsExport: Record<string, number> = {};
  for (const [name, value] of Object.entries(el.attributes)) {
    if (name === 'role_name' || name === 'unique_role_name') continue;
    if (name === 'data_entry') forms = parseFormRights(value);
    else if (name === 'data_export_instruments') formsExport = parseFormRights(value);
    // Role rights are strings in REDCap's JSON export.
    else rights[ROLE_API_NAME.get(name) ?? name] = value;
  }
  return {
    unique_role_name: el.attributes.unique_role_name ?? '',
    role_label: el.attributes.role_name ?? '',
    rights,
    forms,
    forms_export: formsExport,
  };
}

function readSurvey(el: XmlElement): SurveyDefinition {
  const { form_name: form = '', title = '', ...settings } = el.attributes;
  return { form, title, settings };
}

const REPORT_STRUCTURED = new Set([
  'title',
  'unique_report_name',
  'redcap_reports_fields',
  'advanced_logic',
  ...REPORT_ORDER_BY,
]);

function readReport(el: XmlElement, index: number): ReportDefinition {
  const a = el.attributes;
  const orderBy: ReportDefinition['orderBy'] = [];
  for (const n of [1, 2, 3]) {
    const field = a[`orderby_field${n}`] ?? '';
    if (field !== '') orderBy.push({ field, descending: (a[`orderby_sort${n}`] ?? '').toUpperCase() === 'DESC' });
  }
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (!REPORT_STRUCTURED.has(k)) settings[k] = v;
  return {
    // The ODM carries no report ids; number them in file order as a new project would.
    report_id: index + 1,
    title: a.title ?? '',
    fields: (a.redcap_reports_fields ?? '').split(',').filter((f) => f !== ''),
    filterLogic: a.advanced_logic ?? '',
    orderBy,
    unique_report_name: a.unique_report_name ?? '',
    settings,
  };
}

function readRepeating(group: XmlElement | undefined): RepeatingFormEvent[] {
  if (!group) return [];
  const out: RepeatingFormEvent[] = [];
  // Repeating events: REDCap lists them as redcap:RepeatingEvent (not in the
  // fixtures); accept them at any depth inside the group.
  for (const el of descendants(group, 'redcap:RepeatingEvent')) {
    out.push({
      event_name: el.attributes['redcap:UniqueEventName'] ?? '',
      form_name: '',
      custom_form_label: el.attributes['redcap:CustomLabel'] ?? '',
    });
  }
  for (const el of descendants(group, 'redcap:RepeatingInstrument')) {
    out.push({
      event_name: el.attributes['redcap:UniqueEventName'] ?? '',
      form_name: el.attributes['redcap:RepeatInstrument'] ?? '',
      custom_form_label: el.attributes['redcap:CustomLabel'] ?? '',
    });
  }
  return out;
}

// --------------------------------------------------------------- metadata

/** What an ItemOID in ClinicalData stands for. */
type ItemRole =
  | { kind: 'field'; field: string; form: string }
  | { kind: 'checkbox'; field: string; form: string; code: string }
  | { kind: 'complete'; field: string; form: string }
  | { kind: 'timestamp'; form: string }
  | { kind: 'dag' }
  | { kind: 'identifier' };

export interface MetadataIndex {
  items: Map<string, ItemRole>;
  events: Set<string>;
  repeatingEvents: Set<string>;
}

function readMetadata(mdv: XmlElement, def: ProjectDefinition): MetadataIndex {
  readEvents(mdv, def);
  const groups = new Map(children(mdv, 'ItemGroupDef').map((g) => [g.attributes.OID, g]));
  const itemDefs = new Map<string, XmlElement>();
  // REDCap writes the first survey's timestamp ItemDef twice; the first one counts.
  for (const it of children(mdv, 'ItemDef')) if (!itemDefs.has(it.attributes.OID)) itemDefs.set(it.attributes.OID, it);
  const codeLists = new Map(children(mdv, 'CodeList').map((c) => [c.attributes.OID, c]));
  const items = new Map<string, ItemRole>();

  for (const formDef of children(mdv, 'FormDef')) {
    const form = formDef.attributes['redcap:FormName'] ?? stripPrefix(formDef.attributes.OID, 'Form.');
    def.instruments.push({ instrument_name: form, instrument_label: formDef.attributes.Name ?? form });
    const seen = new Set<string>();
    for (const ref of children(formDef, 'ItemGroupRef')) {
      const group = groups.get(ref.attributes.ItemGroupOID);
      if (!group)
        throw new Error(
          `Form "${form}" refers to item group "${ref.attributes.ItemGroupOID}", which has no <ItemGroupDef>`,
        );
      for (const itemRef of children(group, 'ItemRef')) {
        const oid = itemRef.attributes.ItemOID;
        const item = itemDefs.get(oid);
        if (!item)
          throw new Error(`Item group "${group.attributes.OID}" refers to item "${oid}", which has no <ItemDef>`);
        const field = item.attributes['redcap:Variable'] ?? item.attributes.Name ?? oid;
        const type = item.attributes['redcap:FieldType'];
        if (oid === `${form}_complete`) {
          items.set(oid, { kind: 'complete', field: oid, form });
          continue;
        }
        if (type === undefined) {
          // Pseudo-fields REDCap adds to an export; none is a dictionary field.
          if (oid === 'redcap_data_access_group') items.set(oid, { kind: 'dag' });
          else if (oid === 'redcap_survey_identifier') items.set(oid, { kind: 'identifier' });
          else if (oid.endsWith('_timestamp'))
            items.set(oid, { kind: 'timestamp', form: oid.slice(0, -'_timestamp'.length) });
          continue;
        }
        const codeList = codeLists.get(child(item, 'CodeListRef')?.attributes.CodeListOID ?? '');
        if (type === 'checkbox') {
          const choices = parseChoices(codeList?.attributes['redcap:CheckboxChoices'] ?? '');
          const choice = choices.find((c) => checkboxColumnName(field, c.code) === oid);
          const code = choice?.code ?? oid.slice(field.length + 3);
          items.set(oid, { kind: 'checkbox', field, form, code });
          if (seen.has(field)) continue;
        } else {
          items.set(oid, { kind: 'field', field, form });
        }
        seen.add(field);
        def.dictionary.push(dictionaryRowOf(item, form, field, type, codeList));
      }
    }
  }
  const repeatingEvents = new Set(def.repeating.filter((r) => r.form_name === '').map((r) => r.event_name));
  return { items, events: new Set(def.events.map((e) => e.unique_event_name)), repeatingEvents };
}

function stripPrefix(s: string | undefined, prefix: string): string {
  if (s === undefined) return '';
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

function readEvents(mdv: XmlElement, def: ProjectDefinition): void {
  const arms = new Map<number, string>();
  for (const se of children(mdv, 'StudyEventDef')) {
    const a = se.attributes;
    const unique = a['redcap:UniqueEventName'] ?? stripPrefix(a.OID, 'Event.');
    const armNum = toNumber(a['redcap:ArmNum'] ?? '1') || 1;
    if (!arms.has(armNum)) arms.set(armNum, a['redcap:ArmName'] ?? `Arm ${armNum}`);
    const event: EventDef = {
      event_name: a['redcap:EventName'] ?? a.Name ?? unique,
      arm_num: armNum,
      unique_event_name: unique,
      custom_event_label: a['redcap:CustomEventLabel'] ?? '',
      // The ODM carries no event ids; number them in file order.
      event_id: def.events.length + 1,
      days_offset: toNumber(a['redcap:DayOffset'] ?? '0'),
      offset_min: toNumber(a['redcap:OffsetMin'] ?? '0'),
      offset_max: toNumber(a['redcap:OffsetMax'] ?? '0'),
    };
    def.events.push(event);
    for (const ref of children(se, 'FormRef')) {
      def.mappings.push({
        arm_num: armNum,
        unique_event_name: unique,
        form: ref.attributes['redcap:FormName'] ?? stripPrefix(ref.attributes.FormOID, 'Form.'),
      });
    }
  }
  def.arms = [...arms].map(([arm_num, name]) => ({ arm_num, name }));
}

function labelOf(item: XmlElement): string {
  const question = child(item, 'Question');
  if (!question) return '';
  // TranslatedText has HTML tags stripped; the label as entered is the formatted one.
  return child(question, 'redcap:FormattedTranslatedText')?.text ?? child(question, 'TranslatedText')?.text ?? '';
}

function dictionaryRowOf(
  item: XmlElement,
  form: string,
  field: string,
  odmType: string,
  codeList: XmlElement | undefined,
): DictionaryRow {
  const a = item.attributes;
  const fieldType = FIELD_TYPE_FROM_ODM[odmType] ?? odmType;
  const validation = a['redcap:TextValidationType'] ?? '';
  const row = dictionaryRow({
    field_name: field,
    form_name: form,
    field_type: fieldType,
    field_label: labelOf(item),
    text_validation_type_or_show_slider_number: VALIDATION_FROM_ODM[validation] ?? validation,
  });
  for (const [attr, column] of ITEM_PLAIN_ATTRIBUTES) if (a[attr] !== undefined) row[column] = a[attr];
  for (const check of children(item, 'RangeCheck')) {
    const value = child(check, 'CheckValue')?.text ?? '';
    if (check.attributes.Comparator === 'GE') row.text_validation_min = value;
    else if (check.attributes.Comparator === 'LE') row.text_validation_max = value;
  }
  if (fieldType === 'calc') row.select_choices_or_calculations = a['redcap:Calculation'] ?? '';
  else if (fieldType === 'slider') row.select_choices_or_calculations = a['redcap:SliderLabels'] ?? '';
  else if (fieldType === 'checkbox') {
    // Kept as stored: REDCap writes the choices exactly as entered (`1, A|2, B` or `1, A | 2, B`).
    row.select_choices_or_calculations = codeList?.attributes['redcap:CheckboxChoices'] ?? '';
  } else if (fieldType === 'radio' || fieldType === 'dropdown' || fieldType === 'sql') {
    row.select_choices_or_calculations = children(codeList ?? emptyElement(), 'CodeListItem')
      .map((ci) => `${ci.attributes.CodedValue}, ${decodeText(ci)}`)
      .join(' | ');
  }
  return row;
}

function decodeText(codeListItem: XmlElement): string {
  const decode = child(codeListItem, 'Decode');
  if (!decode) return '';
  return child(decode, 'redcap:FormattedTranslatedText')?.text ?? child(decode, 'TranslatedText')?.text ?? '';
}

// ---------------------------------------------------------- clinical data

/**
 * The records of one `<ClinicalData>`, a `<SubjectData>` at a time (a
 * large file is read record by record, never held whole), then
 * `finish()` for the data access groups.
 */
export class ClinicalDataReader {
  private readonly dagOf: Map<string, string>;
  private readonly longitudinal: boolean;

  // The first survey timestamp of a form's instance, and identifier of an event, is the one kept.
  private readonly timestampKeys: Set<string>;
  private readonly identifierKeys: Set<string>;

  constructor(private readonly head: OdmHead) {
    const { def } = head;
    this.dagOf = new Map(def.recordDags.map((d) => [d.record, d.dag]));
    this.longitudinal = head.index.events.size > 0;
    this.timestampKeys = new Set(def.surveyTimestamps!.map((t) => keyOf(t.record, t.event, t.form, t.instance)));
    this.identifierKeys = new Set(def.surveyIdentifiers!.map((t) => keyOf(t.record, t.event)));
  }

  /** True the first time these parts are seen. */
  private first(seen: Set<string>, ...parts: (string | number)[]): boolean {
    const key = keyOf(...parts);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }

  subject(subject: XmlElement): void {
    const { def, index } = this.head;
    const { dagOf, longitudinal } = this;
    const values: RecordValue[] = def.values;
    const files: StoredFile[] = def.files;
    const timestamps: SurveyTimestamp[] = def.surveyTimestamps!;
    const identifiers = def.surveyIdentifiers!;
    const record = subject.attributes.SubjectKey ?? '';
    const dagAttr = subject.attributes['redcap:DataAccessGroup'] ?? subject.attributes['redcap:RedcapDataAccessGroup'];
    if (dagAttr) dagOf.set(record, dagAttr);

    const readForm = (formData: XmlElement, event: string, eventInstance: number) => {
      const formInstance = toNumber(formData.attributes.FormRepeatKey ?? '1') || 1;
      // A repeating event counts its instances on StudyEventData, a repeating form on FormData.
      const instance = index.repeatingEvents.has(event) || formInstance === 1 ? eventInstance : formInstance;
      const form = stripPrefix(formData.attributes.FormOID, 'Form.');
      for (const group of children(formData, 'ItemGroupData')) {
        for (const item of group.children) {
          const oid = item.attributes.ItemOID ?? '';
          const role = index.items.get(oid);
          if (!role) {
            throw new Error(
              `Record "${record}"${event ? `, event "${event}"` : ''}: item "${oid}" in form "${form}" has no <ItemDef> in the metadata`,
            );
          }
          if (item.name === 'ItemDataBase64Binary') {
            if (role.kind !== 'field')
              throw new Error(`Record "${record}": item "${oid}" holds a file but is not a file field`);
            const name = item.attributes['redcap:DocName'] ?? '';
            files.push({
              record,
              event,
              field: role.field,
              instance,
              name,
              mimeType: item.attributes['redcap:MimeType'] ?? 'application/octet-stream',
              data: new Uint8Array(Buffer.from(item.text.replace(/\s+/g, ''), 'base64')),
            });
            values.push({ record, event, field: role.field, instance, value: name });
            continue;
          }
          if (item.name !== 'ItemData') continue;
          // REDCap puts the value in the Value attribute; ODM also allows it as text.
          const value = item.attributes.Value ?? item.text;
          switch (role.kind) {
            case 'field':
            case 'complete':
              if (value !== '') values.push({ record, event, field: role.field, instance, value });
              break;
            case 'checkbox':
              if (value === '1') values.push({ record, event, field: role.field, instance, value: role.code });
              break;
            case 'timestamp':
              if (value !== '' && this.first(this.timestampKeys, record, event, role.form, instance))
                timestamps.push({ record, event, form: role.form, instance, timestamp: value });
              break;
            case 'dag':
              if (value !== '' && !dagOf.has(record)) dagOf.set(record, value);
              break;
            case 'identifier':
              if (value !== '' && this.first(this.identifierKeys, record, event))
                identifiers.push({ record, event, identifier: value });
              break;
          }
        }
      }
    };

    for (const el of subject.children) {
      if (el.name === 'FormData') {
        readForm(el, longitudinal ? firstEventOf(def) : '', 1);
      } else if (el.name === 'StudyEventData') {
        const event = el.attributes['redcap:UniqueEventName'] ?? stripPrefix(el.attributes.StudyEventOID, 'Event.');
        if (longitudinal && !index.events.has(event)) {
          throw new Error(`Record "${record}": event "${event}" is not defined in the metadata (<StudyEventDef>)`);
        }
        const eventInstance = toNumber(el.attributes.StudyEventRepeatKey ?? '1') || 1;
        for (const formData of children(el, 'FormData')) readForm(formData, longitudinal ? event : '', eventInstance);
      }
    }
  }

  /** Records the data access groups read (after the last subject). */
  finish(): void {
    this.head.def.recordDags = [...this.dagOf].map(([record, dag]) => ({ record, dag }));
  }
}

const keyOf = (...parts: (string | number)[]): string => parts.join('\u0000');

/** Form data outside any StudyEventData in a longitudinal file belongs to its first event. */
function firstEventOf(def: ProjectDefinition): string {
  return def.events[0]?.unique_event_name ?? '';
}
