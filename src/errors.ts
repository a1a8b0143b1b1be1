// One coded error catalog. Every error a user can see has a stable code, an HTTP status and a
// message in Chinese (first) and English. Services throw AppError; the HTTP layer and the CLI
// render it. Nothing else reaches a user: unknown errors become INTERNAL without a stack trace.

export interface ErrorDef {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '输入不符合要求', en: 'The input is not valid' },
  BAD_REQUEST: { status: 400, zh: '请求格式错误', en: 'Malformed request' },
  CURSOR_INVALID: { status: 400, zh: '翻页位置（cursor）无效', en: 'The page cursor is not valid' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  CSRF_ORIGIN_REFUSED: {
    status: 403,
    zh: '跨站请求被拒绝：以登录会话发出的修改须来自本系统的页面，请在本系统中重新操作',
    en: 'Cross-site request refused: a change made with the signed-in session must come from this system’s own pages; try again from within the system',
  },
  MEDIA_TYPE_REFUSED: { status: 415, zh: '此接口只接受 JSON 请求体（multipart/form-data 仅用于上传文件的接口）', en: 'This endpoint takes a JSON body only (multipart/form-data is for the upload endpoints)' },
  NOT_FOUND: { status: 404, zh: '未找到该记录', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT_STALE: {
    status: 409,
    zh: '该记录已被他人修改，请刷新后重试',
    en: 'This record was changed by someone else; reload and try again',
  },
  CONFLICT_DUPLICATE: { status: 409, zh: '记录已存在', en: 'A record with this key already exists' },
  PERSON_DUPLICATE: {
    status: 409,
    zh: '本单位已登记同名人员，同一人不得重复登记',
    en: 'A person of this name is already registered in this unit, and one officer has one record',
  },
  PERSON_LINK_LOCKED: { status: 409, zh: '账号关联的人员在未结案件中需回避，不得变更关联', en: 'The account’s register person stands in an open case; the link cannot be changed' },
  PERSON_LINK_REQUIRED: { status: 409, zh: '办案账号须关联人员台账中的本人，才能判断回避', en: 'A casework account must be linked to its holder in the register of people, so that recusal can be judged' },
  SETUP_DONE: { status: 409, zh: '系统已初始化管理员', en: 'The first administrator already exists' },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    zh: '当前状态下不允许此操作',
    en: 'This action is not allowed in the current state',
  },
  DEFENCE_PERIOD_OVER: { status: 409, zh: '陈述申辩期已过', en: 'The time to state a defence is over' },
  TRANSITION_ROLE: { status: 403, zh: '您的角色不能执行此步骤', en: 'Your role may not take this step' },
  PRECONDITION_FAILED: { status: 422, zh: '不满足办理条件', en: 'A required condition is not met' },
  CONFLICT_OF_INTEREST: {
    status: 422,
    zh: '存在利害关系，不得参加调查组',
    en: 'Conflict of interest: this person may not sit on the investigation team',
  },
  RECUSAL_REQUIRED: {
    status: 403,
    zh: '与本案有利害关系，应当回避，不得办理此步骤',
    en: 'You have a conflict with this case and must recuse yourself from this step',
  },
  SEPARATION_REQUIRED: {
    status: 403,
    zh: '调查与决定分离：您不得办理本案的此决定步骤',
    en: 'Investigation is separate from decision: you may not take this decision step on the case',
  },
  DATE_IN_FUTURE: { status: 422, zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  DATE_BEFORE_PREVIOUS_STEP: { status: 422, zh: '日期不能早于上一步骤或收到线索的日期', en: 'The date cannot precede the previous step or the date received' },
  BACKDATE_REASON_REQUIRED: { status: 422, zh: '补录（倒签）日期须说明理由', en: 'A back-dated step needs a reason' },
  DEPARTURE_REASON_REQUIRED: {
    status: 422,
    zh: '处理方式超出建议范围，必须书面说明理由',
    en: 'A written reason is required for a form outside the recommended range',
  },
  REFERRAL_NOT_RECORDED: {
    status: 422,
    zh: '须先登记报告/移送（已移送附文书，或不移送并说明理由），才能作出处理决定',
    en: 'Record each referral (made, with its document, or waived with a reason) before the decision',
  },
  NO_RULES_IN_FORCE: { status: 422, zh: '行为发生时无有效规则', en: 'No rule pack was in force on the conduct date' },
  RULE_CONFLICT: { status: 422, zh: '规则冲突，需人工判断', en: 'Two rules of equal priority conflict' },
  FILE_TOO_LARGE: { status: 413, zh: '文件过大', en: 'File too large' },
  QUOTA_EXCEEDED: { status: 413, zh: '超出存储配额', en: 'Storage quota exceeded' },
  BAD_MULTIPART: { status: 400, zh: '上传内容（multipart）格式错误', en: 'Malformed multipart upload' },
  BACKUP_UNSIGNED: { status: 422, zh: '备份文件未签名', en: 'The backup file is not signed' },
  BACKUP_SIGNATURE_INVALID: { status: 422, zh: '备份文件签名无效或签名密钥不受信任', en: 'The backup signature is invalid or its key is not trusted' },
  BACKUP_KEY: { status: 422, zh: '备份签名密钥不可用', en: 'The backup signing key is not usable' },
  BACKUP_INVALID: { status: 422, zh: '备份文件校验失败', en: 'The backup file failed verification' },
  CALENDAR_YEAR_INVALID: { status: 422, zh: '日历数据不完整', en: 'Calendar data for that year is incomplete' },
  DOCUMENT_ISSUED: {
    status: 409,
    zh: '公文已印发，不能修改；如需更正，请起草更正文件',
    en: 'The document has been issued and cannot be changed; draft a correcting document instead',
  },
  DOCUMENT_RECORD_PINNED: {
    status: 422,
    zh: '公文中来自会议记录的内容不得修改',
    en: 'The parts of the document taken from the meeting record cannot be changed',
  },
  DOCUMENT_NUMBER_ASSIGNED: {
    status: 422,
    zh: '发文字号由系统在印发时按本单位该类公文的序列编排，不得填写或修改',
    en: 'The document number is assigned at issue from the organisation’s series for the kind; it cannot be typed or changed',
  },
  DOCUMENT_TITLE_FORM: {
    status: 422,
    zh: '公文标题须与公文种类相符',
    en: 'The title must fit the kind of document',
  },
  DOCUMENT_RECORD_CHANGED: {
    status: 409,
    zh: '该稿与会议记录不符，不能保存或印发',
    en: 'This draft no longer agrees with the meeting record and cannot be saved or issued',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，该账户已暂时锁定，请稍后再试或联系安全管理员',
    en: 'Too many failed sign-ins: this account is locked for now; try later or ask the security administrator',
  },
  SOURCE_THROTTLED: {
    status: 429,
    zh: '来自该地址的登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins from this address; try again later',
  },
  TOTP_INVALID: { status: 401, zh: '动态验证码错误或已过期', en: 'Wrong or expired one-time code' },
  PASSWORD_POLICY: { status: 422, zh: '密码不符合安全要求', en: 'The password does not meet the policy' },
  CURRENT_PASSWORD_WRONG: { status: 422, zh: '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改密码', en: 'Change your password first' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, zh: '请先启用双因素认证（动态验证码）', en: 'Set up two-factor authentication first' },
  ROLE_NOT_ALLOWED: { status: 422, zh: '角色授予不符合三员分立要求', en: 'This role assignment breaks the separation of administrator duties' },
  // said alone (one's own roles, password, second factor, link) or before the refusal's own words (a membership of the decision body, a password reset)
  SELF_GRANT: { status: 403, zh: '本人的授权事项须由他人办理', en: 'Your own grants are for someone else to make' },
  MEETING_NOT_QUORATE: { status: 422, zh: '会议未达到法定人数', en: 'The meeting is not quorate' },
  MEETING_SOLE_MEMBER: { status: 422, zh: '一人不能构成会议，集体讨论须有两名以上成员出席', en: 'One member alone cannot hold a meeting' },
  MEETING_NOT_CONFIRMED: { status: 422, zh: '尚有出席成员未确认本人意见', en: 'Some attending members have not confirmed their own opinion' },
  MEETING_NOT_EFFECTIVE: { status: 422, zh: '会议尚未闭会生效', en: 'The meeting has not been closed and taken effect' },
  DECISION_HEAVIER_ON_DEFENCE: {
    status: 422,
    zh: '因本人陈述申辩或申诉而变更的处理决定不得重于原决定（WC-11）',
    en: "A decision changed on the person's own defence or appeal may not be heavier than the one it changes (WC-11)",
  },
  MEETING_RESULT_MISMATCH: { status: 422, zh: '所办理事项与会议表决结果不一致', en: 'The step does not match the meeting’s result' },
  MEETING_INELIGIBLE: { status: 422, zh: '该成员不得参加本项表决或主持会议', en: 'This member may not vote on this matter or chair the meeting' },
  MEETING_RESULT_PENDING: { status: 409, zh: '本案已有同一事项的会议尚未执行，须说明重新召开的理由', en: 'A meeting on the same matter has not been carried out: give the reason for meeting again' },
  MEETING_CLOSED: { status: 409, zh: '会议已闭会，不能修改', en: 'The meeting is closed and cannot be changed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁', en: 'Too many requests' },
  CHALLENGE_FAILED: { status: 400, zh: '防滥用校验未通过或已过期，请刷新页面后重试', en: 'The anti-abuse check failed or expired; reload the page and try again' },
  FILE_TYPE_REFUSED: { status: 415, zh: '只接受图片、PDF 和办公文档（按文件内容识别）', en: 'Only images, PDF and office documents are accepted (judged by content)' },
  RECEIPT_CODE_WRONG: { status: 404, zh: '回执码不正确', en: 'The receipt code is not right' },
  UNSAFE_LISTEN: {
    status: 409,
    zh: '仍有账号使用公开的演示密码，不能在本机以外的地址提供服务',
    en: 'Accounts still use the published demo password: refusing to listen beyond this computer',
  },
  REPORT_KEY_MISSING: { status: 409, zh: '举报人信息主密钥不可用', en: 'The report master key is not available' },
  REPORT_SEAL_INVALID: { status: 409, zh: '加密存储的举报信息无法解开（不属于本案或已损坏）', en: 'A sealed report value does not open (it belongs to another case or is damaged)' },
  IDENTITY_ACCESS_REQUIRED: {
    status: 403,
    zh: '查看举报人身份须先提出申请并经审批（FL-7(7)），批准在有效期内方可查看',
    en: 'Reading a reporter’s identity needs a request approved by a second person (FL-7(7)), within its validity',
  },
  IDENTITY_REQUEST_CLOSED: { status: 409, zh: '该身份查看申请已处理或已过期', en: 'This identity request was already decided or has expired' },
  WEBHOOK_NOT_ALLOWED: {
    status: 422,
    zh: 'Webhook 地址不在管理员允许的名单内',
    en: 'The webhook address is not on the allow-list set by the administrator',
  },
  ESCALATION_THRESHOLD_SET_ABOVE: {
    status: 403,
    zh: '超期多少个工作日后报上级监督机关督办，由接受督办的上级监督机关设定，被监督的机构不能自行设置',
    en: 'How many working days overdue before the supervising organisation is told is set by that organisation, not by the organisation it watches',
  },
  INTERNAL: { status: 500, zh: '系统内部错误', en: 'Internal error' },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  readonly details: Record<string, unknown> | undefined;

  /**
   * @param detail optional specific message, e.g. naming the rule that refused a transition.
   *   Give both languages: `{ zh: '…', en: '…' }`.
   */
  constructor(code: ErrorCode, detail?: { zh?: string; en?: string }, details?: Record<string, unknown>) {
    const def = ERRORS[code];
    const zh = detail?.zh ? `${def.zh}：${detail.zh}` : def.zh;
    const en = detail?.en ? `${def.en}: ${detail.en}` : def.en;
    super(en);
    this.name = 'AppError';
    this.code = code;
    this.status = def.status;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }

  toJSON(): { error: { code: ErrorCode; message: string; messageZh: string; messageEn: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.zh,
        messageZh: this.zh,
        messageEn: this.en,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
