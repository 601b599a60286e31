/** The part of OpenAPI 3.1 this API's description uses (enough to type it and render it). */

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export interface SchemaObject {
	$ref?: string;
	type?: JsonType | JsonType[];
	format?: string;
	description?: string;
	enum?: readonly string[];
	properties?: Record<string, SchemaObject>;
	required?: string[];
	additionalProperties?: boolean | SchemaObject;
	items?: SchemaObject;
	minLength?: number;
	maxLength?: number;
	default?: string;
	examples?: unknown[];
	minimum?: number;
	maximum?: number;
	/** Exactly one of these shapes. */
	oneOf?: SchemaObject[];
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
