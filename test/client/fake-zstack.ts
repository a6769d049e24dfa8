// A scripted stand-in for ZStack, injected as the client's `fetch`, for what a real server cannot be made to do
// on demand: a job that stays running, unexpected statuses, non-JSON bodies, network failures.
export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  /** Date.now() when the request was sent (fake timers make it exact). */
  at: number;
}

export type Route = (request: Recorded) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export const base = "http://zstack.test:8080";
export const jobUuid = "0123456789abcdef0123456789abcdef";
export const jobLocation = `${base}/zstack/v1/api-jobs/${jobUuid}`;
export const accepted = () => json(202, { location: jobLocation, apiTimeout: 10_800_000 });

/** A fetch that answers from `routes` (keyed `METHOD /path`), recording every request. */
export function fakeZStack(routes: Record<string, Route>) {
  const requests: Recorded[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    const recorded = {
      method: request.method,
      url,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
      at: Date.now(),
    };
    requests.push(recorded);
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route)
      return json(404, { error: { code: "SYS.1000", description: "no route in the fake", details: url.pathname } });
    return route(recorded);
  };
  return { fetch, requests };
}

/** A job route that answers 202 `{}` `running` times, then `finish()`. */
export function jobThatRuns(running: number, finish: () => Response): Route {
  let polls = 0;
  return () => (polls++ < running ? json(202, {}) : finish());
}
