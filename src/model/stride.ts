/** The STRIDE threat categories, shared by triage (report categories) and review (threats per new flow). */
export const STRIDE = [
  'spoofing',
  'tampering',
  'repudiation',
  'information-disclosure',
  'denial-of-service',
  'elevation-of-privilege',
] as const;
export type StrideCategory = (typeof STRIDE)[number];
