// The route table's shape and how a path finds its route.
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answer';

export type Method = 'GET' | 'POST';

export interface RouteRequest {
  req: IncomingMessage;
  /** The path's one parameter (":id"), or what a template ending in "/*" matched, when the template has it. */
  param: string | undefined;
  /** The request target's query. */
  query: URLSearchParams;
}

/**
 * Who may call a route:
 * - `public`: anyone (the health check), from the allowed origins;
 * - `tablet`: the tablets, with RECEIVER_TOKEN when one is set, from the allowed origins (CORS);
 * - `officer`: officers only, with RECEIVER_OFFICER_TOKEN (503 without one), from the receiver's own origin only;
 * - `page`: the inbox page's files: anyone, from the receiver's own origin only.
 */
export type Access = 'public' | 'tablet' | 'officer' | 'page';

export interface Route {
  /** As logged: "/api/reports/:id". A template ending in "/*" matches every path below it. */
  template: string;
  access: Access;
  methods: Partial<Record<Method, (request: RouteRequest) => Promise<Answer>>>;
}

/** Whether a route answers its own origin only, never a page of another (no CORS). */
export const isSameOriginOnly = (route: Route): boolean => route.access === 'officer' || route.access === 'page';

export function findRoute(routes: readonly Route[], pathname: string): { route: Route; param: string | undefined } | undefined {
  const pathSegments = pathname.split('/');
  for (const route of routes) {
    if (route.template.endsWith('/*')) {
      const prefix = route.template.slice(0, -1);
      if (pathname.startsWith(prefix) && pathname.length > prefix.length) return { route, param: pathname.slice(prefix.length) };
      continue;
    }
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
