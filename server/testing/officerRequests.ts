// An officer's requests to a receiver's inbox routes, as tests, end-to-end
// tests and benchmarks make them: over HTTP, with the officer credential.
// Nothing here needs a test runner, so every kind of script may use it.

export const OFFICER_TOKEN = 'officer-credential-of-the-tests';

/** null: no Authorization header at all. */
export const bearer = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/** A running receiver, wherever it runs: its "http://host:port". */
export interface ReceiverAt {
  url: string;
}

/** POST /api/inbox/reports/<id>/status, with the officer credential (or `token`); a string body is sent as it is. */
export function setStatus(
  receiver: ReceiverAt,
  id: string,
  body: unknown,
  { token = OFFICER_TOKEN, headers = {} }: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${receiver.url}/api/inbox/reports/${id}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer(token), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Sets a status that must be taken (201, else it throws); returns the signed change. */
export async function setStatusOk(receiver: ReceiverAt, id: string, body: unknown, { token = OFFICER_TOKEN }: { token?: string } = {}): Promise<string> {
  const response = await setStatus(receiver, id, body, { token });
  if (response.status !== 201) throw new Error(`Setting a status got ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { change: string }).change;
}
