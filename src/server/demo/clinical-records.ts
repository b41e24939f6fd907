import { plainNumber } from '../../values/numbers.js';
import { AE_VISITS, DAGS, VISITS, eventKey, type VisitKey } from './clinical-structure.js';
import { addDays, clockTime, daysBetween, nextWorkingDay, pad2 } from './demo-calendar.js';
import { SeededRandom } from './seeded-random.js';

/**
 * The participants of the demo clinical study and everything recorded
 * about them, drawn from a seeded generator. Enrolment runs for a year
 * from {@link STUDY_START} at three sites that open one after another;
 * data stop at {@link DATA_CUTOFF}, so the last participants are still in
 * follow-up. Some participants drop out, some forms stay unsaved, a few
 * cells hold missing-data codes, and a handful of entries carry the kind
 * of mistakes REDCap accepts (pounds typed as kilograms, a shifted
 * decimal, a wrong year).
 */

export const STUDY_START = '2024-01-08';
export const ENROLMENT_DAYS = 365;
export const DATA_CUTOFF = '2025-05-16';

/** One saved form: the values of one form in one event (and instance). */
export interface FormEntry {
  record: string;
  visit: VisitKey;
  arm: number;
  form: string;
  /** Repeat instance of the form or of the event; 1 when nothing repeats. */
  instance: number;
  /** Field values (checkboxes as lists of checked codes); blanks left out. */
  values: Record<string, string | string[]>;
  /** `<form>_complete`; absent for a form never saved (survey answers still count as saved). */
  complete?: '0' | '1' | '2';
  /** Survey completion time, or `[not completed]` for a started response. */
  surveyTimestamp?: string;
}

export interface Participant {
  record: string;
  site: string;
  arm: number;
  enrolDate: string;
}

export interface StudyData {
  participants: Participant[];
  entries: FormEntry[];
}

interface Person {
  site: string;
  enrolDate: string;
  arm: number;
  female: boolean;
  ageDays: number;
  height: number;
  weight: number;
  sbp: number;
  hr: number;
  health: number; // 0 (poor) … 1 (excellent): drives questionnaire answers
  dropoutAfter: VisitKey | null;
  formalWithdrawal: boolean;
}

/** Sites open in turn and enrol at different rates. */
const SITE_PLAN = [
  { site: DAGS[0].unique_group_name, opens: 0, share: 0.45, staff: ['JM', 'KT', 'RP'], areas: ['617', '781', '857'] },
  { site: DAGS[1].unique_group_name, opens: 45, share: 0.35, staff: ['AL', 'DW'], areas: ['401', '508'] },
  { site: DAGS[2].unique_group_name, opens: 120, share: 0.2, staff: ['SB', 'HN'], areas: ['603', '207'] },
] as const;

/** Mean change in systolic pressure from baseline, by arm (1 Drug A, 2 Placebo). */
const SBP_EFFECT: Record<VisitKey, [number, number]> = {
  baseline: [0, 0],
  week4: [-8, -2],
  phone: [0, 0],
  week12: [-13, -4],
  final: [-14, -4],
};

export function generateStudy(recordCount: number, seed: number): StudyData {
  const rng = new SeededRandom(seed);
  const people = drawPeople(rng, recordCount);
  const entries: FormEntry[] = [];
  const participants: Participant[] = [];
  people.forEach((p, i) => {
    const record = String(i + 1);
    participants.push({ record, site: p.site, arm: p.arm, enrolDate: p.enrolDate });
    entries.push(...recordEntries(rng, record, p));
  });
  addEntryMistakes(rng, entries);
  return { participants, entries };
}

// ---------------------------------------------------------------- people

function drawPeople(rng: SeededRandom, count: number): Person[] {
  const drafts: { site: string; enrolDate: string; order: number }[] = [];
  for (let i = 0; i < count; i++) {
    const plan = rng.weighted(SITE_PLAN.map((s) => [s, s.share] as const));
    const span = ENROLMENT_DAYS - 1 - plan.opens;
    // Half of the participants arrive at a steady rate, half as recruitment picks up.
    const u = rng.next();
    const day = plan.opens + Math.floor(span * (rng.chance(0.5) ? u : Math.sqrt(u)));
    drafts.push({ site: plan.site, enrolDate: nextWorkingDay(addDays(STUDY_START, day)), order: i });
  }
  // Record ids follow enrolment order, as REDCap's auto-numbering would.
  drafts.sort((a, b) => (a.enrolDate < b.enrolDate ? -1 : a.enrolDate > b.enrolDate ? 1 : a.order - b.order));

  // Permuted blocks of four within each site keep the arms close to 1:1.
  const blocks = new Map<string, number[]>();
  const nextArm = (site: string): number => {
    let block = blocks.get(site);
    if (!block || block.length === 0) {
      block = [1, 1, 2, 2];
      for (let k = block.length - 1; k > 0; k--) {
        const j = rng.int(0, k);
        [block[k], block[j]] = [block[j], block[k]];
      }
      blocks.set(site, block);
    }
    return block.pop()!;
  };

  return drafts.map((d) => {
    const arm = nextArm(d.site);
    const female = rng.chance(0.48);
    const age = rng.normalIn(58, 10, 40, 80);
    const height = Math.round(female ? rng.normalIn(163, 7, 145, 185) : rng.normalIn(177, 7, 158, 200));
    const bmi = rng.normalIn(29, 4.5, 19, 45);
    const dropoutAfter = rng.weighted<VisitKey | null>([
      [null, 0.82],
      ['baseline', 0.05],
      ['week4', 0.07],
      ['week12', 0.06],
    ]);
    return {
      site: d.site,
      enrolDate: d.enrolDate,
      arm,
      female,
      ageDays: Math.round(age * 365.2425) + rng.int(0, 364),
      height,
      weight: bmi * (height / 100) ** 2,
      sbp: Math.round(rng.normalIn(154, 11, 140, 195)),
      hr: rng.normalIn(74, 9, 50, 110),
      health: rng.next(),
      dropoutAfter,
      formalWithdrawal: rng.chance(0.7),
    };
  });
}

// ---------------------------------------------------------------- records

/** Forms saved for one participant, visit by visit. */
function recordEntries(rng: SeededRandom, record: string, p: Person): FormEntry[] {
  const out: FormEntry[] = [];
  const add = (
    visit: VisitKey,
    form: string,
    values: Record<string, string | string[]>,
    complete: FormEntry['complete'],
    instance = 1,
  ): FormEntry => {
    const entry: FormEntry = { record, visit, arm: p.arm, form, instance, values: dropBlanks(values), complete };
    out.push(entry);
    return entry;
  };
  const plan = SITE_PLAN.find((s) => s.site === p.site)!;
  const sbpBase = p.sbp;

  // Baseline: everything is filled in on the day of enrolment.
  const dob = addDays(p.enrolDate, -p.ageDays);
  const consentDay = addDays(p.enrolDate, -rng.int(0, 6));
  const consentMinutes = rng.int(8 * 60, 16 * 60 + 30);
  add(
    'baseline',
    'enrolment',
    {
      enrol_date: p.enrolDate,
      consent_datetime: `${consentDay} ${clockTime(consentMinutes)}`,
      dob,
      sex: p.female ? '1' : '2',
      ethnicity: rng.weighted([
        ['1', 0.12],
        ['2', 0.8],
        ['3', 0.08],
      ]),
      race: drawRace(rng),
      education: rng.chance(0.03)
        ? 'UNK'
        : rng.weighted([
            ['1', 0.05],
            ['2', 0.3],
            ['3', 0.2],
            ['4', 0.3],
            ['5', 0.15],
          ]),
      smoker: rng.chance(0.02) ? 'UNK' : rng.chance(0.18) ? '1' : '0',
      email: rng.chance(0.9) ? drawEmail(rng, record) : '',
      phone: rng.chance(0.95) ? drawPhone(rng, plan.areas) : '',
      medical_history: drawHistory(rng),
    },
    rng.chance(0.9) ? '2' : '1',
  );
  // race_other only where "Other" is ticked (the branching logic shows it there).
  const enrolment = out[out.length - 1];
  if ((enrolment.values.race as string[]).includes('OTH'))
    enrolment.values.race_other = rng.pick(['Middle Eastern', 'Mixed', 'Pacific Islander', 'mixed heritage']);

  const randMinutes = Math.min(
    consentDay === p.enrolDate ? consentMinutes + rng.int(15, 90) : rng.int(9 * 60, 16 * 60),
    23 * 60,
  );
  add(
    'baseline',
    'randomisation',
    {
      rand_datetime: `${p.enrolDate} ${clockTime(randMinutes)}:${pad2(rng.int(0, 59))}`,
      rand_stratum: sbpBase < 160 ? '1' : '2',
      rand_by: rng.pick(plan.staff),
    },
    '2',
  );

  let weight = p.weight;
  let stopped = false;
  let lastVisit = p.enrolDate; // the previous visit: adverse events are asked about since then
  let lastContact = p.enrolDate; // visits and calls: a withdrawal is recorded after it
  let week4: string | undefined;

  for (const visit of VISITS) {
    // Staff still phone a participant who stopped coming after week 4.
    if (stopped && !(visit.key === 'phone' && p.dropoutAfter === 'week4')) break;
    if (visit.key === 'phone') {
      const calls = week4 ? phoneCalls(rng, record, p, week4) : [];
      out.push(...calls);
      if (calls.length > 0) lastContact = calls[calls.length - 1].values.call_date as string;
      continue;
    }
    let date = p.enrolDate;
    if (visit.key !== 'baseline') {
      // Most visits fall inside the window; a few are late.
      const late = rng.chance(0.06) ? rng.int(visit.windowAfter + 1, visit.windowAfter * 2 + 3) : 0;
      date = nextWorkingDay(
        addDays(p.enrolDate, visit.day + (late || rng.int(-visit.windowBefore, visit.windowAfter))),
      );
      if (date > DATA_CUTOFF) break;
      // An occasional missed visit that the participant comes back from.
      if (visit.key !== 'final' && rng.chance(0.04)) continue;
    }
    if (visit.key === 'week4') week4 = date;
    const effect = SBP_EFFECT[visit.key][p.arm - 1];
    weight += visit.key === 'baseline' ? 0 : rng.normal(p.arm === 1 ? -0.3 : 0.1, 1.2);
    const sbp = Math.round(sbpBase + effect + (visit.key === 'baseline' ? 0 : rng.normal(0, 9)));

    add(
      visit.key,
      'vitals',
      {
        visit_date: date,
        visit_time: clockTime(rng.int(8 * 60, 17 * 60)),
        weight: weight.toFixed(1),
        height: String(p.height + (visit.key === 'baseline' ? 0 : rng.int(-1, 1))),
        sbp: String(sbp),
        dbp: String(Math.round(sbp * 0.55 + rng.normal(5, 6))),
        heart_rate: String(Math.round(p.hr + rng.normal(0, 6) - (p.arm === 1 && visit.key !== 'baseline' ? 3 : 0))),
        temperature: rng.normalIn(36.7, 0.3, 35.5, 38.5).toFixed(1).replace('.', ','),
      },
      rng.weighted([
        ['2', 0.86],
        ['1', 0.1],
        ['0', 0.04],
      ]),
    );

    if (visit.forms.includes('labs')) out.push(labEntry(rng, record, p, visit.key, date));
    if (visit.forms.includes('questionnaire')) {
      const q = questionnaireEntry(rng, record, p, visit.key, date);
      if (q) out.push(q);
    }
    if ((AE_VISITS as readonly VisitKey[]).includes(visit.key)) {
      out.push(...adverseEvents(rng, record, p, visit.key, lastVisit, date));
    }
    if (visit.key === 'final') {
      add(
        'final',
        'completion',
        {
          comp_date: date,
          comp_completed: '1',
          comp_last_dose: addDays(date, -rng.int(0, 1)),
          comp_notes: rng.chance(0.1)
            ? rng.pick([
                'Completed all visits.',
                'Will continue treatment with own GP.',
                'Asked for a copy of the results.',
              ])
            : '',
        },
        '2',
      );
    }
    lastVisit = date;
    if (date > lastContact) lastContact = date;
    if (p.dropoutAfter === visit.key) stopped = true;
  }

  // A participant who withdrew formally gets an end-of-study form at the final visit.
  if (stopped && p.formalWithdrawal) {
    const compDate = addDays(lastContact, rng.int(5, 40));
    if (compDate <= DATA_CUTOFF) {
      const reason = rng.weighted([
        ['1', p.arm === 1 ? 0.35 : 0.15],
        ['2', 0.3],
        ['3', 0.15],
        ['4', 0.1],
        ['99', 0.1],
      ]);
      add(
        'final',
        'completion',
        {
          comp_date: compDate,
          comp_completed: '0',
          comp_reason: reason,
          comp_last_dose: addDays(lastContact, rng.int(0, 4)),
          comp_notes:
            reason === '99'
              ? rng.pick([
                  'Caring for a family member.',
                  'Did not want more blood tests.',
                  'Started a new job, no time for visits.',
                ])
              : '',
        },
        rng.chance(0.85) ? '2' : '1',
      );
    }
  }
  return out;
}

function dropBlanks(values: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(values)) if (v !== '' && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out;
}

function drawRace(rng: SeededRandom): string[] {
  if (rng.chance(0.03)) return ['-99'];
  const first = rng.weighted([
    ['1', 0.62],
    ['2', 0.16],
    ['3', 0.12],
    ['4', 0.02],
    ['5', 0.01],
    ['OTH', 0.07],
  ]);
  const codes = new Set([first]);
  if (rng.chance(0.06)) codes.add(rng.pick(['1', '2', '3', 'OTH']));
  // In choice order, as REDCap stores them.
  return ['1', '2', '3', '4', '5', 'OTH', '-99'].filter((c) => codes.has(c));
}

const EMAIL_WORDS = [
  'blue',
  'river',
  'maple',
  'finch',
  'harbor',
  'cedar',
  'stone',
  'willow',
  'comet',
  'aspen',
  'otter',
  'lark',
];

function drawEmail(rng: SeededRandom, record: string): string {
  const user = `${rng.pick(EMAIL_WORDS)}${rng.pick(EMAIL_WORDS)}${rng.int(1, 99)}`;
  const domain = rng.pick(['example.com', 'example.org', 'example.net']);
  // Some people type their address in capitals; REDCap's check ignores case.
  return rng.chance(0.05) ? `${user}@${domain}`.toUpperCase() : `${user}.p${record}@${domain}`;
}

function drawPhone(rng: SeededRandom, areas: readonly string[]): string {
  const area = rng.pick(areas);
  const line = `01${pad2(rng.int(0, 99))}`;
  // The four ways people write a North American number.
  switch (rng.int(0, 3)) {
    case 0:
      return `(${area}) 555-${line}`;
    case 1:
      return `${area}-555-${line}`;
    case 2:
      return `${area}.555.${line}`;
    default:
      return `${area}555${line}`;
  }
}

const HISTORY = [
  'Type 2 diabetes, diet controlled.',
  'Hypercholesterolaemia on statin.',
  'Previous smoker, stopped 2015.',
  'Asthma since childhood.',
  'Osteoarthritis of both knees.',
  'Appendectomy 1998.',
  'Gout, last flare 2022.',
  'Mild depression, no current treatment.',
  'Hypothyroidism on levothyroxine.',
];

function drawHistory(rng: SeededRandom): string {
  if (rng.chance(0.35)) return '';
  const items = rng.subset(HISTORY, 0.18);
  if (items.length === 0) items.push(rng.pick(HISTORY));
  return items.join(rng.chance(0.5) ? '\n' : ' ');
}

function labEntry(rng: SeededRandom, record: string, p: Person, visit: VisitKey, visitDate: string): FormEntry {
  const fasting = rng.chance(0.85);
  const drug = p.arm === 1 && visit !== 'baseline';
  const pending = rng.chance(0.07);
  const values: Record<string, string> = {
    lab_date: rng.chance(0.9) ? visitDate : addDays(visitDate, 1),
    sample_time: `${pad2(rng.int(7, 11))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`,
    fasting: fasting ? '1' : '0',
    hba1c: rng.chance(0.01) ? 'UNK' : rng.normalIn(5.9, 0.8, 4.2, 12).toFixed(1),
    // Glucose only means something fasting; the sites record why it is missing.
    glucose: fasting ? rng.normalIn(5.8, 1.1, 3.6, 15).toFixed(1) : 'NA',
    ldl: rng.chance(0.03) ? 'NA' : rng.normalIn(3.2, 0.8, 1.0, 7).toFixed(2),
    creatinine: String(Math.round(rng.normalIn(p.female ? 72 : 90, 14, 40, 180) + (drug ? 5 : 0))),
    potassium: rng.normalIn(4.3 + (drug ? 0.2 : 0), 0.35, 3.0, 6.5).toFixed(1),
    crp: plainNumber(Number(Math.exp(rng.normal(0.9, 0.8)).toFixed(rng.int(0, 2)))),
  };
  // Results still pending at the data cut: some values not entered, form incomplete.
  if (pending) {
    delete values.ldl;
    delete values.crp;
    if (rng.chance(0.5)) delete values.hba1c;
  }
  const complete = pending ? '0' : rng.chance(0.9) ? '2' : '1';
  return { record, visit, arm: p.arm, form: 'labs', instance: 1, values, complete };
}

function questionnaireEntry(
  rng: SeededRandom,
  record: string,
  p: Person,
  visit: VisitKey,
  visitDate: string,
): FormEntry | null {
  if (rng.chance(0.08)) return null; // never sent: the form stays unsaved
  const better = p.arm === 1 && visit !== 'baseline' ? 0.1 : 0;
  const level = (): string => {
    const x = 1 - p.health + rng.normal(-better, 0.25);
    return String(x < 0.35 ? 1 : x < 0.6 ? 2 : x < 0.8 ? 3 : x < 0.95 ? 4 : 5);
  };
  const values: Record<string, string> = {
    qol_mobility: level(),
    qol_selfcare: level(),
    qol_activities: level(),
    qol_pain: level(),
    qol_anxiety: level(),
    qol_vas: String(Math.round(rng.normalIn(45 + 40 * p.health + better * 50, 10, 0, 100))),
    qol_comments: rng.chance(0.12)
      ? rng.pick([
          'Feeling more tired than usual.',
          'Much better since starting.',
          'The clinic was very helpful.',
          'Knees still painful.',
          'No complaints.',
        ])
      : '',
  };
  const finishMinutes = rng.int(9 * 60, 21 * 60);
  const where = { record, visit, arm: p.arm, form: 'questionnaire', instance: 1 };
  if (rng.chance(0.1)) {
    // A response started but not submitted: the first answers only, status Incomplete.
    const keep = rng.int(1, 4);
    const partial: Record<string, string> = {};
    for (const k of Object.keys(values).slice(0, keep)) partial[k] = values[k];
    return { ...where, values: partial, complete: '0', surveyTimestamp: '[not completed]' };
  }
  const surveyTimestamp = `${visitDate} ${clockTime(finishMinutes)}:${pad2(rng.int(0, 59))}`;
  return { ...where, values: dropBlanks(values), complete: '2', surveyTimestamp };
}

const AE_TERMS: Record<number, readonly (readonly [string, number])[]> = {
  1: [
    ['Dizziness', 5],
    ['Headache', 4],
    ['Dry cough', 3],
    ['Ankle oedema', 3],
    ['Fatigue', 2],
    ['Hypotension', 1],
    ['Nausea', 1],
    ['Rash', 1],
  ],
  2: [
    ['Headache', 4],
    ['Fatigue', 3],
    ['Nasopharyngitis', 3],
    ['Back pain', 2],
    ['Dizziness', 1],
    ['Nausea', 1],
  ],
};

/** How the same term ends up typed at different sites. */
function spelling(rng: SeededRandom, term: string): string {
  if (!rng.chance(0.05)) return term;
  const variants: Record<string, string> = {
    Headache: 'Head ache',
    Dizziness: 'Dizzyness',
    'Ankle oedema': 'Ankle edema',
    Nasopharyngitis: 'Common cold',
  };
  return rng.weighted([
    [term.toLowerCase(), 2],
    [term.toUpperCase(), 1],
    [variants[term] ?? term.toLowerCase(), 2],
  ]);
}

function adverseEvents(
  rng: SeededRandom,
  record: string,
  p: Person,
  visit: VisitKey,
  since: string,
  visitDate: string,
): FormEntry[] {
  const count =
    p.arm === 1
      ? rng.weighted([
          [0, 0.55],
          [1, 0.3],
          [2, 0.11],
          [3, 0.04],
        ])
      : rng.weighted([
          [0, 0.7],
          [1, 0.23],
          [2, 0.06],
          [3, 0.01],
        ]);
  const span = Math.max(1, daysBetween(since, visitDate));
  const out: FormEntry[] = [];
  for (let k = 1; k <= count; k++) {
    const term = rng.weighted(AE_TERMS[p.arm]);
    const onset = addDays(since, rng.int(1, span));
    const ongoing = rng.chance(0.25);
    const serious = rng.chance(0.04);
    const severity = serious
      ? '3'
      : rng.weighted([
          ['1', 0.6],
          ['2', 0.32],
          ['3', 0.08],
        ]);
    const related =
      p.arm === 1
        ? rng.weighted([
            ['0', 0.2],
            ['1', 0.25],
            ['2', 0.3],
            ['3', 0.18],
            ['4', 0.07],
          ])
        : rng.weighted([
            ['0', 0.4],
            ['1', 0.35],
            ['2', 0.2],
            ['3', 0.05],
          ]);
    out.push({
      record,
      visit,
      arm: p.arm,
      form: 'adverse_events',
      instance: k,
      values: dropBlanks({
        ae_term: spelling(rng, term),
        ae_onset: onset,
        ae_severity: severity,
        ae_serious: serious ? '1' : '0',
        ae_related: related,
        ae_ongoing: ongoing ? '1' : '0',
        ae_resolved: ongoing ? '' : addDays(onset, rng.int(0, Math.max(0, daysBetween(onset, visitDate)))),
        ae_notes: serious
          ? rng.pick([
              'Admitted overnight for observation.',
              'Seen in the emergency department, discharged the same day.',
            ])
          : '',
      }),
      complete: rng.chance(0.9) ? '2' : '1',
    });
  }
  // Instances in order of onset, as staff usually enter them.
  out.sort((x, y) => (x.values.ae_onset < y.values.ae_onset ? -1 : x.values.ae_onset > y.values.ae_onset ? 1 : 0));
  out.forEach((e, i) => {
    e.instance = i + 1;
  });
  return out;
}

/** Calls between week 4 and week 12: a repeating event, one instance per call. */
function phoneCalls(rng: SeededRandom, record: string, p: Person, since: string): FormEntry[] {
  const lost = p.dropoutAfter === 'week4';
  const count = lost
    ? rng.int(1, 3)
    : rng.weighted([
        [0, 0.15],
        [1, 0.45],
        [2, 0.3],
        [3, 0.1],
      ]);
  const out: FormEntry[] = [];
  let date = since;
  for (let k = 1; k <= count; k++) {
    date = nextWorkingDay(addDays(date, rng.int(7, 16)));
    if (date > DATA_CUTOFF) break;
    const outcome = lost
      ? rng.pick(['2', '3'])
      : rng.weighted([
          ['1', 0.8],
          ['2', 0.12],
          ['3', 0.08],
        ]);
    const reached = outcome === '1';
    const minutes = reached ? rng.int(3, 24) : 0;
    const symptoms = reached ? rng.subset(['1', '2', '3', '4', '9'], p.arm === 1 ? 0.12 : 0.07) : [];
    out.push({
      record,
      visit: 'phone',
      arm: p.arm,
      form: 'phone_call',
      instance: k,
      values: dropBlanks({
        call_date: date,
        call_duration: `${pad2(minutes)}:${pad2(rng.int(reached ? 0 : 10, 59))}`,
        call_outcome: outcome,
        call_symptoms: reached ? (symptoms.length > 0 ? symptoms : ['0']) : [],
        call_adherence: reached
          ? rng.weighted([
              ['1', 0.75],
              ['2', 0.2],
              ['3', 0.05],
            ])
          : '',
        call_notes: !reached && rng.chance(0.3) ? 'Will try again next week.' : '',
      }),
      complete: '2',
    });
  }
  return out;
}

// ---------------------------------------------------------------- mistakes

/**
 * Data-entry slips that pass REDCap's checks, so notebooks have something
 * to find: weights typed in pounds, glucose with the decimal point moved,
 * a date of birth forty years out, a visit dated a year early, systolic
 * and diastolic swapped, a temperature in Fahrenheit and an adverse event
 * entered twice.
 */
function addEntryMistakes(rng: SeededRandom, entries: FormEntry[]): void {
  // Each slip goes to a different entry: chosen entries leave the pool.
  const pickSome = (pool: FormEntry[], n: number, fits: (e: FormEntry) => boolean = () => true): FormEntry[] => {
    const chosen: FormEntry[] = [];
    for (let i = 0; i < n; i++) {
      const candidates = pool.filter(fits);
      if (candidates.length === 0) break;
      const e = candidates[rng.int(0, candidates.length - 1)];
      pool.splice(pool.indexOf(e), 1);
      chosen.push(e);
    }
    return chosen;
  };
  const vitals = entries.filter((e) => e.form === 'vitals' && e.visit !== 'baseline' && e.values.weight !== undefined);
  for (const e of pickSome(vitals, 2, (e) => Number(e.values.weight) * 2.2046 <= 250)) {
    e.values.weight = (Number(e.values.weight) * 2.2046).toFixed(1);
  }
  for (const e of pickSome(vitals, 1, (e) => Number(e.values.dbp) >= 60 && Number(e.values.sbp) <= 160)) {
    [e.values.sbp, e.values.dbp] = [e.values.dbp, e.values.sbp];
  }
  for (const e of pickSome(vitals, 1))
    e.values.temperature = rng.normalIn(98.2, 0.4, 97, 99.5).toFixed(1).replace('.', ',');
  for (const e of pickSome(vitals, 1, (e) => e.visit === 'week4')) {
    const date = e.values.visit_date as string;
    e.values.visit_date = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  }

  const labs = entries.filter((e) => e.form === 'labs' && /^\d+\.\d$/.test(String(e.values.glucose ?? '')));
  for (const e of pickSome(labs, 2)) e.values.glucose = (Number(e.values.glucose) * 10).toFixed(1);

  const enrolments = entries.filter((e) => e.form === 'enrolment');
  for (const e of pickSome(enrolments, 1)) {
    const dob = e.values.dob as string;
    e.values.dob = `${Number(dob.slice(0, 4)) - 40}${dob.slice(4)}`;
  }

  // One adverse event entered twice, as the next instance at the same visit.
  const aes = entries.filter((e) => e.form === 'adverse_events');
  if (aes.length > 0) {
    const original = aes[rng.int(0, aes.length - 1)];
    const siblings = aes.filter((e) => e.record === original.record && e.visit === original.visit);
    const last = siblings[siblings.length - 1];
    entries.splice(entries.indexOf(last) + 1, 0, {
      ...original,
      instance: last.instance + 1,
      values: { ...original.values },
    });
  }
}

/** The arm-specific key of an entry's event, for mapping to unique event names. */
export function entryEventKey(e: FormEntry): string {
  return eventKey(e.visit, e.arm);
}
