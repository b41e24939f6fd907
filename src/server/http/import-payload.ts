import { XMLParser } from 'fast-xml-parser';
import { type Refusal, badRequest } from '../refusal.js';

/** REDCap's answer to data it cannot read, with what was wrong. */
export function badData(detail: string): Refusal {
  return badRequest(`The data being imported is not formatted correctly. ${detail}`.trim());
}

/** The `data` parameter of an import, refused when missing or blank. */
export function requireData(data: string | undefined): asserts data is string {
  if (data === undefined || data.trim() === '') throw badRequest('The parameter "data" is missing or empty');
}

export function parseJsonData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw badData('The JSON could not be parsed.');
  }
}

/** XML with every `<item>` as a list; `trimValues` as the caller needs (record values keep their spaces). */
export function parseXmlData(data: string, trimValues: boolean): Record<string, unknown> {
  try {
    return new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues,
      isArray: (name) => name === 'item',
    }).parse(data, true) as Record<string, unknown>;
  } catch {
    throw badData('The XML could not be parsed.');
  }
}
