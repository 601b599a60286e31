/** The part of OpenAPI 3.1 this API's description uses (enough to type it and render it). */

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** A JSON Schema (2020-12) as z.toJSONSchema generates it: the keywords the API reference page reads, and any others. */
export interface SchemaObject {
	$ref?: string;
	type?: JsonType | JsonType[];
	format?: string;
	description?: string;
	enum?: readonly (string | number | boolean | null)[];
	const?: unknown;
	properties?: Record<string, SchemaObject>;
	required?: string[];
	additionalProperties?: boolean | SchemaObject;
	propertyNames?: SchemaObject;
	items?: SchemaObject;
	minItems?: number;
	maxItems?: number;
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	default?: unknown;
	examples?: unknown[];
	minimum?: number;
	maximum?: number;
	/** Exactly one of these shapes. */
	oneOf?: SchemaObject[];
	/** At least one of these shapes (zod writes nullable objects and unions so). */
	anyOf?: SchemaObject[];
	[keyword: string]: unknown;
}

export interface ParameterObject {
	name: string;
	in: 'path' | 'query' | 'header';
	required?: boolean;
	description: string;
	schema: SchemaObject;
}

export interface MediaTypeObject {
	schema: SchemaObject;
	example?: unknown;
}

export interface HeaderObject {
	description: string;
	schema: SchemaObject;
}

export interface ResponseObject {
	description: string;
	headers?: Record<string, HeaderObject>;
	content?: Record<string, MediaTypeObject>;
}

export interface ReferenceObject {
	$ref: string;
}

export interface RequestBodyObject {
	description: string;
	required: boolean;
	content: Record<string, MediaTypeObject>;
}

export interface OperationObject {
	operationId: string;
	summary: string;
	description: string;
	tags: string[];
	/** Bearer token with these scopes; [] means no token needed. */
	security: Record<string, string[]>[];
	parameters?: ParameterObject[];
	requestBody?: RequestBodyObject;
	responses: Record<string, ResponseObject | ReferenceObject>;
}

export type HttpMethod = 'get' | 'post';
export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

export interface SecuritySchemeObject {
	type: 'http';
	scheme: 'bearer';
	bearerFormat: string;
	description: string;
}

/** An error code of the API, documented as the extension x-error-codes. */
export interface ErrorCodeDoc {
	code: string;
	status: number;
	description: string;
}

export interface OpenApiDocument {
	openapi: '3.1.0';
	info: { title: string; version: string; description: string; contact?: { name: string } };
	servers: { url: string; description: string }[];
	tags: { name: string; description: string }[];
	security: Record<string, string[]>[];
	paths: Record<string, PathItemObject>;
	components: {
		schemas: Record<string, SchemaObject>;
		responses: Record<string, ResponseObject>;
		securitySchemes: Record<string, SecuritySchemeObject>;
	};
	'x-error-codes': ErrorCodeDoc[];
}

/** True for a { $ref } object. */
export function isReference(value: ResponseObject | ReferenceObject): value is ReferenceObject {
	return '$ref' in value;
}
