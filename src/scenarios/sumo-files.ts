// The SUMO files a manifest names, resolved to absolute paths (a .sumocfg is read for its net and routes).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { SumoFiles } from './manifest.js';

export interface ResolvedSumoFiles {
  readonly config: string | null;
  readonly net: string | null;
  readonly routes: readonly string[];
  readonly additional: readonly string[];
  /** step-length in the .sumocfg (s), if it sets one. */
  readonly stepLength: number | null;
}

/** The `value` of `<option value="…"/>` in a SUMO configuration, if present. */
export function configOption(xml: string, option: string): string | undefined {
  const m = new RegExp(`<${option.replace(/[.]/g, '\\.')}\\s+value="([^"]*)"`).exec(xml);
  return m?.[1];
}

function list(value: string | undefined, base: string): string[] {
  return (value ?? '').split(/[,\s]+/).filter((s) => s).map((f) => (isAbsolute(f) ? f : resolve(base, f)));
}

/** Reads the net, route and additional files out of a .sumocfg (paths in it are relative to the file). */
export function readSumoConfig(configPath: string): Omit<ResolvedSumoFiles, 'config'> {
  const xml = readFileSync(configPath, 'utf8');
  const base = dirname(configPath);
  const net = configOption(xml, 'net-file');
  const step = configOption(xml, 'step-length');
  return {
    net: net ? (isAbsolute(net) ? net : resolve(base, net)) : null,
    routes: list(configOption(xml, 'route-files'), base),
    additional: list(configOption(xml, 'additional-files'), base),
    stepLength: step === undefined ? null : Number(step),
  };
}

/** Absolute paths of the manifest's files; with a .sumocfg, its net/routes fill what the manifest leaves out. */
export function resolveSumoFiles(dir: string, files: SumoFiles): ResolvedSumoFiles {
  const abs = (f: string): string => (isAbsolute(f) ? f : resolve(dir, f));
  const config = files.config === null ? null : abs(files.config);
  const fromConfig = config ? readSumoConfig(config) : { net: null, routes: [], additional: [], stepLength: null };
  return {
    config,
    net: files.net === null ? fromConfig.net : abs(files.net),
    routes: files.routes.length > 0 ? files.routes.map(abs) : fromConfig.routes,
    additional: files.additional.length > 0 ? files.additional.map(abs) : fromConfig.additional,
    stepLength: fromConfig.stepLength,
  };
}

/** "14 vehicles", "2300 veh/h", "120 trips + 600 veh/h": a rough count of the demand in route files, for listings. */
export function describeDemand(routeXmls: readonly string[]): string {
  let vehicles = 0;
  let perHour = 0;
  let otherFlows = 0;
  for (const xml of routeXmls) {
    vehicles += (xml.match(/<(vehicle|trip)\s/g) ?? []).length;
    for (const m of xml.matchAll(/<flow\s([^>]*)>/g)) {
      const rate = /vehsPerHour="([\d.]+)"/.exec(m[1] ?? '');
      if (rate) perHour += Number(rate[1]);
      else otherFlows++;
    }
  }
  const parts = [
    ...(vehicles > 0 ? [`${vehicles} vehicles`] : []),
    ...(perHour > 0 ? [`${perHour} veh/h`] : []),
    ...(otherFlows > 0 ? [`${otherFlows} flows`] : []),
  ];
  return parts.join(' + ') || 'none';
}
