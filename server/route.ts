// The route table's shape and how a path finds its route.
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answer';

export type Method = 'GET' | 'POST';

export interface RouteRequest {
  req: IncomingMessage;
  /** The path's one parameter (":id"), when the template has it. */
  param: string | undefined;
}

export interface Route {
  /** As logged: "/api/reports/:id". */
  template: string;
  /** Whether the bearer token (when one is configured) is needed. */
  requiresToken: boolean;
  methods: Partial<Record<Method, (request: RouteRequest) => Promise<Answer>>>;
}

export function findRoute(routes: readonly Route[], pathname: string): { route: Route; param: string | undefined } | undefined {
  const pathSegments = pathname.split('/');
  for (const route of routes) {
    const templateSegments = route.template.split('/');
    if (templateSegments.length !== pathSegments.length) continue;
    let param: string | undefined;
    const matches = templateSegments.every((segment, index) => {
      const actual = pathSegments[index] as string;
      if (segment.startsWith(':')) {
        param = actual;
        return actual !== '';
      }
      return segment === actual;
    });
    if (matches) return { route, param };
  }
  return undefined;
}
