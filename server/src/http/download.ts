import type { FastifyReply } from 'fastify';

/** MIME types of the documents the API hands out. */
export const DOCUMENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/**
 * A generated document as a download: always an attachment (never rendered inline), a file name
 * reduced to safe characters so nothing reaches the header unescaped, and never cached.
 */
export function sendDownload(reply: FastifyReply, file: { bytes: Buffer; filename: string }, format: keyof typeof DOCUMENT_TYPES) {
  return reply
    .type(DOCUMENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(file.bytes);
}
