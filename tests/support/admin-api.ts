/** The admin API as a test calls it: JSON in and out, as a signed-in staff member. */
export interface AdminAnswer<T = Record<string, unknown>> {
  status: number
  body: T
}

export async function adminCall<T = Record<string, unknown>>(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<AdminAnswer<T>> {
  const response = await fetch(`${url}/api/admin/${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  const isJson = response.headers.get('content-type')?.includes('json') ?? false
  return { status: response.status, body: (isJson ? JSON.parse(text) : text) as T }
}
