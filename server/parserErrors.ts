// Answers to requests Node's HTTP parser refuses before any route sees them (a
// broken request line, headers too large, a request too slow to arrive), in
// the same JSON shape as every other error, so that a client reads them alike.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem, type JsonAnswer } from './answer';

function parserProblem(code: string | undefined): JsonAnswer {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'headers_too_large', 'The request headers are too large.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return problem(413, 'payload_too_large', 'The chunk extensions are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      // 408 tells the client to send it again; an honest one is never this slow (receiver.ts).
      return problem(408, 'request_timeout', 'The request took too long to arrive.');
    default:
      return problem(400, 'bad_request', 'The request is not valid HTTP.');
  }
}

/** The whole HTTP response, as bytes for the socket: no ServerResponse exists for a request the parser refused. */
function rawResponse(answer: JsonAnswer): string {
  const body = JSON.stringify(answer.body);
  return [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * For the server's "clientError" event: answers, then closes the connection.
 * When an answer to this connection's request is already on its way, writing
 * another would garble it, so the connection is only closed (as Node does).
 */
export function answerParserError(error: Error & { code?: string }, socket: Duplex, answerStarted: boolean): void {
  if (error.code === 'ECONNRESET' || !socket.writable || answerStarted) {
    socket.destroy();
    return;
  }
  socket.end(rawResponse(parserProblem(error.code)), () => socket.destroy());
}
