import { RIGHT_NAMES, type RightName, type UserRights } from '../auth/rights.js';
import { badRequest } from '../refusal.js';
import type { ImportedObject } from './read-objects.js';

/**
 * The values REDCap accepts for each right. Most are 0/1; `user_rights`
 * has a read-only level (2, REDCap 14), `lock_records` view (1) and
 * lock/unlock (2). Per-form rights: data entry 0 none, 1 view & edit,
 * 2 read only, 3 view & edit plus editing survey responses (survey forms
 * only); export 0 none, 1 full, 2 de-identified, 3 identifiers removed.
 */
const LEVELS: Partial<Record<RightName, readonly number[]>> = {
  user_rights: [0, 1, 2],
  lock_records: [0, 1, 2],
};
const FORM_LEVELS = [0, 1, 2, 3];

/**
 * Rights newer or older REDCap versions export that this server does not
 * model; an import carrying them (an export from another server, say)
 * is accepted and they are ignored.
 */
export const IGNORED_RIGHTS: ReadonlySet<string> = new Set([
  'data_export',
  'mycap_participants',
  'double_data',
  'data_quality_resolution',
  'dts',
  'realtime_webservice_mapping',
  'realtime_webservice_adjudicate',
  'external_module_config',
  'data_access_group_id',
  'data_access_group_label',
]);

export interface RightsPatch {
  rights: Partial<Record<RightName, number>>;
  forms?: Record<string, number>;
  formsExport?: Record<string, number>;
}

export interface RightsContext {
  /** Whose rights these are, for messages (`user "bob"`, `role "Nurses"`). */
  owner: string;
  forms: readonly string[];
  surveyForms: ReadonlySet<string>;
}

/** `demographics:1,health:0` (CSV) or `{demographics: 1}` (JSON, XML) → a map. */
function readFormMap(
  value: string | Record<string, string>,
  key: string,
  ctx: RightsContext,
): Record<string, number> | undefined {
  let entries: [string, string][];
  if (typeof value === 'object') entries = Object.entries(value);
  else {
    if (value.trim() === '') return undefined;
    entries = value.split(',').map((part) => {
      const i = part.lastIndexOf(':');
      if (i < 0)
        throw badRequest(
          `The "${key}" value of ${ctx.owner} is not valid: "${part.trim()}" must be written form_name:right`,
        );
      return [part.slice(0, i).trim(), part.slice(i + 1).trim()];
    });
  }
  const out: Record<string, number> = {};
  for (const [form, raw] of entries) {
    if (!ctx.forms.includes(form))
      throw badRequest(
        `The "${key}" value of ${ctx.owner} names an instrument that does not exist in the project: "${form}"`,
      );
    const n = Number(raw);
    if (String(raw).trim() === '' || !FORM_LEVELS.includes(n)) {
      throw badRequest(
        `The "${key}" right of ${ctx.owner} for instrument "${form}" is not valid: "${raw}" (it must be 0, 1, 2 or 3)`,
      );
    }
    if (key === 'forms' && n === 3 && !ctx.surveyForms.has(form)) {
      throw badRequest(
        `The "forms" right of ${ctx.owner} for instrument "${form}" cannot be 3 (edit survey responses): the instrument is not a survey`,
      );
    }
    out[form] = n;
  }
  return out;
}

/**
 * Reads the rights in one imported user or role. Rights left out (or
 * blank) are not in the patch, so they keep their stored values. Values
 * outside what REDCap allows and unknown attributes are refused.
 * `identity` names the attributes that are not rights (username, email…).
 */
export function readRightsPatch(obj: ImportedObject, identity: ReadonlySet<string>, ctx: RightsContext): RightsPatch {
  const patch: RightsPatch = { rights: {} };
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (identity.has(key) || IGNORED_RIGHTS.has(key)) continue;
    if (key === 'forms' || key === 'forms_export') {
      const map = readFormMap(value, key, ctx);
      if (map) {
        if (key === 'forms') patch.forms = map;
        else patch.formsExport = map;
      }
      continue;
    }
    if (!(RIGHT_NAMES as readonly string[]).includes(key)) {
      unknown.push(key);
      continue;
    }
    if (typeof value === 'object') throw badRequest(`The "${key}" right of ${ctx.owner} must be a number`);
    if (value.trim() === '') continue;
    const allowed = LEVELS[key as RightName] ?? [0, 1];
    const n = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || !allowed.includes(n)) {
      throw badRequest(
        `The "${key}" right of ${ctx.owner} is not valid: "${value}" (it must be ${allowed.join(' or ')})`,
      );
    }
    patch.rights[key as RightName] = n;
  }
  if (unknown.length) throw badRequest(`The following attributes of ${ctx.owner} are not valid: ${unknown.join(', ')}`);
  return patch;
}

/** Rights with a patch applied; per-form maps are merged form by form. */
export function applyRightsPatch(base: UserRights, patch: RightsPatch): UserRights {
  return {
    ...base,
    ...patch.rights,
    forms: { ...base.forms, ...patch.forms },
    forms_export: { ...base.forms_export, ...patch.formsExport },
  };
}

/**
 * A per-form map covering every form of the project, in project order.
 * A form with no stored right gets `absent`: a user created before the
 * form was added holds full rights to it, as REDCap gives existing users
 * rights to instruments created in development.
 */
export function formRightsOf(
  map: Readonly<Record<string, number>>,
  forms: readonly string[],
  absent = 1,
): Record<string, number> {
  return Object.fromEntries(forms.map((f) => [f, map[f] ?? absent]));
}

/** No access anywhere, every form listed: a new user's or role's starting point. */
export function noRights(forms: readonly string[]): UserRights {
  const rights = Object.fromEntries(RIGHT_NAMES.map((r) => [r, 0])) as unknown as UserRights;
  rights.forms = Object.fromEntries(forms.map((f) => [f, 0]));
  rights.forms_export = Object.fromEntries(forms.map((f) => [f, 0]));
  return rights;
}
