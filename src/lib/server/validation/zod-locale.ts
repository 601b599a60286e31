import { z } from 'zod';

/**
 * zod's own messages in Dutch (for issues a schema gives no message of its own). Imported for its
 * effect by the portal (hooks.server.ts), the workers, the vitest setup and the modules that turn
 * issues into messages, so no English zod message reaches a user or an API client.
 */
z.config(z.locales.nl());
