const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID (ids from URLs and forms are checked before they reach SQL). */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}
