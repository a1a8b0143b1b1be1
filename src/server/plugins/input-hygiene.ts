// Refuses input no field of this system can legitimately hold, before it reaches a service,
// anywhere in the body, the query string or a path parameter:
// - the NUL character (U+0000): PostgreSQL cannot store it in text and failed the request with a
//   500 (SQLSTATE 22021) while SQLite silently stored it, and a NUL truncates names and case text
//   in C-string consumers (documents, exports);
// - a lone UTF-16 surrogate (JSON allows the escape "\ud800"; it is not a character): kept inside
//   stored JSON it came back intact, and a document titled with one could never be downloaded
//   again (encodeURIComponent of the file name threw: 500); stored as text it was silently
//   replaced by U+FFFD, so the record differed from what was validated.
// - Unicode noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF in every plane) and C0 controls other
//   than tab, line feed and carriage return, and DEL: not characters of any text this system
//   holds; U+FFFE/U+FFFF and the C0 controls are not allowed in XML, so a document (DOCX) built
//   from such text was not well-formed (等保2.0 入侵防范, docs/security-hardening.md).
// Both found by the API fuzz tests. One refusal for both engines: VALIDATION_FAILED naming the field.
// The rules live in src/lib/text-hygiene.ts so services called outside HTTP apply the same ones.
import type { FastifyInstance } from 'fastify';
import { badTextError, findBadText } from '../../lib/text-hygiene';

export { findBadText };


export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    // a URL that reached no route is answered ROUTE_NOT_FOUND whatever its body holds (nothing
    // reads that body); refusing its text first told a signed-out caller VALIDATION_FAILED
    if (req.is404) return;
    for (const [where, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const hit = findBadText(value);
      if (hit) throw badTextError(`${where}.${hit.path}`, hit.problem);
    }
  });
}
