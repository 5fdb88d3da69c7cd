/** Common European Framework of Reference for Languages: the six levels, lowest first. */
export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];
export const CEFR_URL = 'https://www.coe.int/en/web/common-european-framework-reference-languages';
