import { complementarySuppression, type CellSum } from '../domain/cell-suppression.js';
import { median, SMALL_CELL_THRESHOLD } from '../domain/pathways.js';
import { spreadsheetCell } from '../domain/spreadsheet-cells.js';
import { listPathwayFacts, type PathwayFactRow } from '../storage/pathways-repository.js';
import type { Tenancy } from '../storage/tenancy.js';
import type { ServiceContext } from './context.js';

/**
 * One cell group of the pathway statistics. `element` null: the whole prescription; `institution` null: every
 * institution. A count, or a median, of fewer than SMALL_CELL_THRESHOLD people is null (suppressed).
 */
export interface PathwayStatisticsRow {
  profession: string;
  /** The year of the order's decision. */
  year: number;
  element: { competencyCode: string; title: string } | null;
  institution: string | null;
  prescriptionsIssued: number | null;
  elementsCompleted: number | null;
  medianDaysToCompletion: number | null;
}

export interface PathwayStatistics {
  suppressedBelow: number;
  rows: PathwayStatisticsRow[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Prescriptions issued, elements completed (by a non-revoked credential issued here) and the median days from
 * the decision to the completion, by profession, decision year, element and institution, for the orders an
 * actor may see (an order its own; the platform, as the coordination body, every order). No personal data.
 */
export async function pathwayStatistics(ctx: ServiceContext, tenancy: Tenancy): Promise<PathwayStatistics> {
  const facts = await listPathwayFacts(ctx.db, tenancy);
  const groups = new Map<string, { row: Omit<PathwayStatisticsRow, 'prescriptionsIssued' | 'elementsCompleted' | 'medianDaysToCompletion'>; facts: PathwayFactRow[] }>();
  const add = (row: Omit<PathwayStatisticsRow, 'prescriptionsIssued' | 'elementsCompleted' | 'medianDaysToCompletion'>, fact: PathwayFactRow) => {
    const key = JSON.stringify(row);
    const group = groups.get(key) ?? { row, facts: [] };
    group.facts.push(fact);
    groups.set(key, group);
  };
  for (const fact of facts) {
    const year = Number(fact.decision_date.slice(0, 4));
    const element = { competencyCode: fact.competency_code, title: fact.element_title };
    add({ profession: fact.profession, year, element: null, institution: null }, fact);
    add({ profession: fact.profession, year, element, institution: null }, fact);
    if (fact.institution !== null) add({ profession: fact.profession, year, element, institution: fact.institution }, fact);
  }
  const counted = [...groups.values()].map(({ row, facts: cell }) => {
    const completed = cell.filter((fact) => fact.completed_on !== null);
    const prescribedPeople = new Set(cell.map((fact) => fact.person)).size;
    const completedPeople = new Set(completed.map((fact) => fact.person)).size;
    const days = completed.map((fact) => Math.round((Date.parse(fact.completed_on!) - Date.parse(fact.decision_date)) / DAY_MS));
    return {
      ...row,
      // An institution's row counts only what it completed: the prescriptions are the element's.
      prescriptionsIssued: row.institution !== null ? null : shown(new Set(cell.map((fact) => fact.prescription_id)).size, prescribedPeople),
      elementsCompleted: completed.length,
      completedPeople,
      medianDaysToCompletion: completedPeople >= SMALL_CELL_THRESHOLD ? (median(days) ?? null) : null,
    };
  });
  const hidden = hiddenCompletionCounts(counted);
  const rows = counted.map(({ completedPeople: _, ...row }, index) => ({ ...row, elementsCompleted: hidden.has(index) ? null : row.elementsCompleted }));
  rows.sort((a, b) => compare(a.profession, b.profession) || a.year - b.year || compare(a.element?.competencyCode ?? '', b.element?.competencyCode ?? '') || compare(a.institution ?? '', b.institution ?? ''));
  return { suppressedBelow: SMALL_CELL_THRESHOLD, rows };
}

/** A count shown only when it concerns no one, or at least SMALL_CELL_THRESHOLD people. */
function shown(count: number, people: number): number | null {
  return concernsFew(people) ? null : count;
}

function concernsFew(people: number): boolean {
  return people > 0 && people < SMALL_CELL_THRESHOLD;
}

/**
 * The completion counts not to show: those of fewer than SMALL_CELL_THRESHOLD people, and those that would let
 * someone work one of them out, since a profession-year's count is the sum of its elements' and an element's
 * the sum of its institutions'.
 */
function hiddenCompletionCounts(rows: readonly (Omit<PathwayStatisticsRow, 'elementsCompleted'> & { elementsCompleted: number; completedPeople: number })[]): Set<number> {
  const indexes = new Map(rows.map((row, index) => [JSON.stringify([row.profession, row.year, row.element, row.institution]), index]));
  const partsOf = new Map<number, number[]>();
  for (const [index, row] of rows.entries()) {
    if (row.element === null) continue;
    const total = indexes.get(JSON.stringify([row.profession, row.year, row.institution === null ? null : row.element, null]))!;
    partsOf.set(total, [...(partsOf.get(total) ?? []), index]);
  }
  const sums: CellSum[] = [...partsOf].map(([total, parts]) => ({ total, parts }));
  const small = rows.flatMap((row, index) => (concernsFew(row.completedPeople) ? [index] : []));
  return complementarySuppression(rows.map((row) => row.elementsCompleted), small, sums);
}

function compare(a: string, b: string): number {
  return a.localeCompare(b, 'fr');
}

const CSV_COLUMNS = ['profession', 'year', 'element_code', 'element_title', 'institution', 'prescriptions_issued', 'elements_completed', 'median_days_to_completion'];

/** The statistics as CSV (RFC 4180); a suppressed cell reads "suppressed"; text that a spreadsheet would run is quoted inert. */
export function pathwayStatisticsCsv(statistics: PathwayStatistics): string {
  const count = (value: number | null, applies = true) => (!applies ? '' : value === null ? 'suppressed' : String(value));
  const lines = statistics.rows.map((row) =>
    [
      spreadsheetCell(row.profession, ','),
      String(row.year),
      spreadsheetCell(row.element?.competencyCode ?? '', ','),
      spreadsheetCell(row.element?.title ?? '', ','),
      spreadsheetCell(row.institution ?? '', ','),
      count(row.prescriptionsIssued, row.institution === null),
      count(row.elementsCompleted),
      count(row.medianDaysToCompletion),
    ].join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].map((line) => `${line}\r\n`).join('');
}

