// Opening a stored sealed report: one implementation, in
// src/contract/openSealedReport.ts, which the inbox page uses too.
export { openSealedReport, type AgencyPrivateKey, type Opened, type OpenProblem } from '../src/contract/openSealedReport';
