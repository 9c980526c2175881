/**
 * Every check, in id order. Adding a check = adding its file here and a test in test/audit/checks/<id>.test.ts.
 */
import type { Check } from '../types.js';
import { check as CFG001 } from './KTM-CFG-001.js';
import { check as CFG002 } from './KTM-CFG-002.js';
import { check as CFG003 } from './KTM-CFG-003.js';
import { check as CFG004 } from './KTM-CFG-004.js';
import { check as CFG005 } from './KTM-CFG-005.js';
import { check as CFG006 } from './KTM-CFG-006.js';
import { check as CFG007 } from './KTM-CFG-007.js';
import { check as CP001 } from './KTM-CP-001.js';
import { check as CP002 } from './KTM-CP-002.js';
import { check as EVT001 } from './KTM-EVT-001.js';
import { check as ISO001 } from './KTM-ISO-001.js';
import { check as ISO002 } from './KTM-ISO-002.js';
import { check as NET001 } from './KTM-NET-001.js';
import { check as NET002 } from './KTM-NET-002.js';
import { check as NET003 } from './KTM-NET-003.js';
import { check as NET004 } from './KTM-NET-004.js';
import { check as NET005 } from './KTM-NET-005.js';
import { check as NET006 } from './KTM-NET-006.js';
import { check as NET007 } from './KTM-NET-007.js';
import { check as NET008 } from './KTM-NET-008.js';
import { check as NET009 } from './KTM-NET-009.js';
import { check as PSS001 } from './KTM-PSS-001.js';
import { check as PSS002 } from './KTM-PSS-002.js';
import { check as QTA001 } from './KTM-QTA-001.js';
import { check as RBAC001 } from './KTM-RBAC-001.js';
import { check as RBAC002 } from './KTM-RBAC-002.js';
import { check as RBAC003 } from './KTM-RBAC-003.js';
import { check as RBAC004 } from './KTM-RBAC-004.js';
import { check as RBAC005 } from './KTM-RBAC-005.js';
import { check as RBAC006 } from './KTM-RBAC-006.js';
import { check as RBAC007 } from './KTM-RBAC-007.js';
import { check as TLS001 } from './KTM-TLS-001.js';
import { check as TLS002 } from './KTM-TLS-002.js';
import { check as VER001 } from './KTM-VER-001.js';

export const ALL_CHECKS: readonly Check[] = [
  CFG001, CFG002, CFG003, CFG004, CFG005, CFG006, CFG007,
  CP001, CP002,
  EVT001,
  ISO001, ISO002,
  NET001, NET002, NET003, NET004, NET005, NET006, NET007, NET008, NET009,
  PSS001, PSS002,
  QTA001,
  RBAC001, RBAC002, RBAC003, RBAC004, RBAC005, RBAC006, RBAC007,
  TLS001, TLS002,
  VER001,
];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
