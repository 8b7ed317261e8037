import * as C from '../constants.js';
import { domainIds, getterOf, idCommands, read, setterOf, variable } from './common.js';

export const ROUTE = domainIds('route', C.CMD_GET_ROUTE_VARIABLE);
const get = getterOf(ROUTE);
const set = setterOf(ROUTE);

export const routeVariables = {
  edges: variable(C.VAR_EDGES, read.stringList),
} as const;

export const routeCommands = {
  ...idCommands(ROUTE),
  getEdges: (routeId: string) => get(routeVariables.edges, routeId, 'getEdges'),
  add: (routeId: string, edges: readonly string[]) => set(C.ADD, routeId, 'add', (w) => w.typedStringList(edges)),
};
