// What the 安全审计员 (`audit.read`) sees of an audit record. The audit trail also records what
// a case step wrote (facts, findings, decisions, report text): the auditor reviews who did what,
// to which record, when and from where — not the case content, which stays with the people
// handling the case (三员分立: no administrator role reads case content or a reporter's
// identity). So a record's before/after payload is shown only for the entity types that are
// themselves security administration: accounts (role grants, disabling) and settings.
export const AUDIT_PAYLOAD_VISIBLE_ENTITY_TYPES: readonly string[] = ['user', 'setting'];

export const auditPayloadVisible = (entityType: string): boolean => AUDIT_PAYLOAD_VISIBLE_ENTITY_TYPES.includes(entityType);
