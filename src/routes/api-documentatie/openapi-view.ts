import type {
	HttpMethod,
	OpenApiDocument,
	OperationObject,
	ReferenceObject,
	ResponseObject,
	SchemaObject
} from '$lib/server/api/openapi-types';

/** One operation of the document, flattened for the page. */
export interface OperationView {
	anchor: string;
	method: HttpMethod;
	path: string;
	operation: OperationObject;
}

/** Every operation in document order. */
export function operationsOf(doc: OpenApiDocument): OperationView[] {
	return Object.entries(doc.paths).flatMap(([path, item]) =>
		(Object.entries(item) as [HttpMethod, OperationObject][]).map(([method, operation]) => ({
			anchor: `operatie-${operation.operationId}`,
			method,
			path,
			operation
		}))
	);
}

/** The last part of a $ref ("#/components/schemas/Handover" → "Handover"). */
export function refName(ref: string): string {
	return ref.split('/').at(-1) ?? ref;
}

/** A response, with a reference to a shared one resolved. */
export function resolveResponse(doc: OpenApiDocument, response: ResponseObject | ReferenceObject): ResponseObject {
	return '$ref' in response ? (doc.components.responses[refName(response.$ref)] ?? { description: refName(response.$ref) }) : response;
}

const TYPE_LABELS: Record<string, string> = {
	string: 'tekst',
	boolean: 'ja/nee (boolean)',
	integer: 'geheel getal',
	number: 'getal',
	object: 'object',
	array: 'lijst'
};

const FORMAT_LABELS: Record<string, string> = { 'date-time': 'datum en tijd (ISO 8601)', date: 'datum (JJJJ-MM-DD)', uuid: 'UUID' };

/**
 * A schema without its "or null": zod writes a nullable field as `type: [T, "null"]` or, for a
 * reference or an enum, as `anyOf: [S, {type: "null"}]`; the description stays with the field.
 */
export function withoutNull(schema: SchemaObject): { schema: SchemaObject; nullable: boolean } {
	const options = schema.anyOf ?? schema.oneOf;
	if (options?.length === 2 && options.some((o) => o.type === 'null')) {
		const other = options.find((o) => o.type !== 'null')!;
		return { schema: { ...other, description: schema.description ?? other.description }, nullable: true };
	}
	if (Array.isArray(schema.type) && schema.type.includes('null')) {
		const rest = schema.type.filter((t) => t !== 'null');
		return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
	}
	return { schema, nullable: false };
}

/** A schema's type in Dutch, without the reference (the page links those). */
export function typeLabel(schema: SchemaObject): string {
	const options = schema.anyOf ?? schema.oneOf;
	if (options && !schema.type) {
		const inner = withoutNull(schema);
		if (inner.nullable) return `${typeLabel(inner.schema)}, of null`;
		return options.map((o) => (o.$ref ? refName(o.$ref) : typeLabel(o))).join(' of ');
	}
	const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
	const main = types.filter((t) => t !== 'null');
	let label = main
		.map((t) => (t === 'string' && schema.format ? (FORMAT_LABELS[schema.format] ?? schema.format) : (TYPE_LABELS[t] ?? t)))
		.join(' of ');
	if (types.includes('null')) label = label ? `${label}, of null` : 'null';
	return label;
}

/** Whether a schema may be null. */
export function nullable(schema: SchemaObject): boolean {
	return withoutNull(schema).nullable;
}

/** HTTP status with its Dutch name. */
export function statusLabel(status: string): string {
	const names: Record<string, string> = {
		'200': 'OK',
		'400': 'Ongeldig verzoek',
		'401': 'Niet geauthenticeerd',
		'403': 'Geen toegang',
		'404': 'Niet gevonden',
		'405': 'Methode niet toegestaan',
		'409': 'Conflict',
		'500': 'Serverfout'
	};
	return `${status} ${names[status] ?? ''}`.trim();
}

/** An example value as indented JSON. */
export function pretty(value: unknown): string {
	return JSON.stringify(value, null, 2);
}

/** Splits text on `backticks` into plain and code parts. */
export function codeParts(text: string): { code: boolean; text: string }[] {
	return text
		.split('`')
		.map((part, i) => ({ code: i % 2 === 1, text: part }))
		.filter((p) => p.text);
}

/** The fields of an object schema, nested objects flattened to "parent.child" (objects in a list: "parent[].child"). */
export function fieldRows(schema: SchemaObject, prefix = ''): { name: string; schema: SchemaObject; required: boolean }[] {
	return Object.entries(schema.properties ?? {}).flatMap(([field, property]) => {
		const name = prefix + field;
		const row = { name, schema: property, required: schema.required?.includes(field) ?? false };
		const inner = withoutNull(property).schema;
		if (inner.properties && !inner.$ref) return [row, ...fieldRows(inner, `${name}.`)];
		const item = inner.items && withoutNull(inner.items).schema;
		if (item?.properties && !item.$ref) return [row, ...fieldRows(item, `${name}[].`)];
		return [row];
	});
}
