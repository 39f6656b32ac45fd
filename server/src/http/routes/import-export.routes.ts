import type { RoutesPlugin } from './route-types.ts';

// Filled in when the import/export services land.
export const importExportRoutes: RoutesPlugin = async () => {};
