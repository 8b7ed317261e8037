// The built-in scenario generators by name (`cavlab scenario build <name>`).
import type { GeneratedScenario } from './common.js';
import { figure8, figure8All } from './figure8.js';
import { intersection8 } from './intersection8.js';
import { merge } from './merge.js';

export const SCENARIO_GENERATORS: Readonly<Record<string, () => GeneratedScenario>> = {
  figure8: () => figure8(),
  'figure8-all': () => figure8All(),
  merge: () => merge(),
  intersection8: () => intersection8(),
};
